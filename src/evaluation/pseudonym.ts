// The extract's pseudonymous person id (issue 15; API.md "Evaluation extract": "a pseudonymous `person` (the same
// for every episode of one person, keyed with a secret the researcher never sees, different across deployments)").
// Pure.
//
// HMAC-SHA-256 keyed with the deployment's PSEUDONYMISATION_KEY over one normalised identifier, chosen in a fixed
// order so that every episode of one person gives the same id:
//   1. the NHS number, digits only ("943 476 5919" and "9434765919" are one person);
//   2. else the prison number, upper case without spaces;
//   3. else the CRN, upper case without spaces;
//   4. else the PNC ID, upper case without spaces;
//   5. else the person record's own id (a record always has one of 1-3 from intake; this only guards the rule).
// Each is prefixed with its kind, so an NHS number can never collide with another kind of identifier. A keyed
// hash, not a plain one: NHS numbers are few enough (10 digits with a check digit) to hash every one of them, so
// without the secret a plain SHA-256 would be reversible by brute force (ICO, "Pseudonymisation" guidance,
// 2022: "keyed-hash functions"; NHS England, "Pseudonymisation" in the Data Security and Protection Toolkit).
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { normaliseNhsNumber } from '../identifiers/nhsNumber.ts';

export interface PersonIdentifiers {
  personId: string;
  nhsNumber: string | null;
  prisonNumber: string | null;
  crn: string | null;
  pncId: string | null;
}

const upper = (s: string) => s.replace(/\s+/g, '').toUpperCase();
const present = (s: string | null): s is string => s !== null && s.trim() !== '';

/** The one identifier a person's pseudonym is computed from, normalised and labelled with its kind. */
export function pseudonymSourceOf(p: PersonIdentifiers): string {
  if (present(p.nhsNumber)) return `nhs:${normaliseNhsNumber(p.nhsNumber.trim())}`;
  if (present(p.prisonNumber)) return `prison:${upper(p.prisonNumber)}`;
  if (present(p.crn)) return `crn:${upper(p.crn)}`;
  if (present(p.pncId)) return `pnc:${upper(p.pncId)}`;
  return `record:${p.personId}`;
}

// The key prepared once: an extract hashes two values a row, hundreds of thousands of rows.
let prepared: { key: string; object: KeyObject } | undefined;
const keyObjectOf = (key: string): KeyObject =>
  (prepared?.key === key ? prepared : (prepared = { key, object: createSecretKey(Buffer.from(key, 'utf8')) })).object;

export function keyedPseudonym(key: string, value: string): string {
  return createHmac('sha256', keyObjectOf(key)).update(value, 'utf8').digest('hex');
}

export function personPseudonym(key: string, p: PersonIdentifiers): string {
  return keyedPseudonym(key, pseudonymSourceOf(p));
}

export function episodePseudonym(key: string, episodeId: string): string {
  return keyedPseudonym(key, `episode:${episodeId}`);
}
