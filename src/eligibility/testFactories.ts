/**
 * Test data for the eligibility tests: for each built-in site, a referral that meets every rule on
 * the given day, and a merge helper so each table row states only what it changes.
 */
import { addMonthsIso, londonDate } from '../identifiers/dates.ts';
import { builtInSite } from '../sites/builtInSites.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { EligibilityFacts } from './facts.ts';

/** The reference "now" for most tests: 10 November 2026, midday. */
export const NOW = new Date('2026-11-10T12:00:00Z');

export type SiteCode =
  'er-birmingham-solihull' | 'er-lancashire-cumbria' | 'reconnect-hampshire' | 'reconnect-east-of-england';

export function site(code: SiteCode): SiteDefinition {
  const found = builtInSite(code);
  if (!found) throw new Error(`No built-in site ${code}`);
  return found;
}

/** Deep patch for table rows: nested objects merge, anything else (including undefined) replaces. */
export type Patch<T> = { [K in keyof T]?: PatchOf<T[K]> };
// A patch of a generic shape is resolved where it is used, not here.
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type
type PatchOf<V> = NonNullable<V> extends object ? Patch<NonNullable<V>> | null | undefined : V;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeRecords(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeRecords(current, value) : value;
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type
export function merge<T extends object>(base: T, patch: Patch<T>): T {
  return mergeRecords({ ...base } as Record<string, unknown>, { ...(patch as Record<string, unknown>) }) as T;
}

/** A referral that meets every rule of the site on `now` (release within the pre-release window). */
export function eligibleReferral(code: SiteCode, now: Date = NOW): EligibilityFacts {
  const today = londonDate(now);
  const common = {
    site: code,
    person: { givenName: 'Alex', familyName: 'Example', dateOfBirth: '1980-02-29', nhsNumber: '9434765919' },
    consent: { given: true, date: today },
  };
  switch (code) {
    case 'er-birmingham-solihull':
      return {
        ...common,
        source: { type: 'probation' },
        custody: {
          status: 'in_custody',
          establishment: 'HMP Birmingham',
          expectedReleaseDate: addMonthsIso(today, 4),
          resettlementArea: 'Birmingham',
        },
        roshLevel: 'high',
        priorityGroup: 3,
        criteria: {
          highRoshToOthers: true,
          mentalHealth: true,
          selfHarmOrSuicideRisk: true,
          learningDifficulties: false,
          mappaLevel2or3: true,
          substanceMisuse: true,
          ippSentence: false,
          opdPathway: true,
        },
        iirmsEligible: false,
        complexHealthNeeds: true,
        openToProbation: true,
      };
    case 'er-lancashire-cumbria':
      return {
        ...common,
        source: { type: 'probation' },
        custody: {
          status: 'in_custody',
          establishment: 'HMP Preston',
          expectedReleaseDate: addMonthsIso(today, 4),
          resettlementArea: 'Lancashire',
        },
        roshLevel: 'high',
        priorityGroup: 3,
        openToProbation: true,
      };
    case 'reconnect-hampshire':
    case 'reconnect-east-of-england':
      return {
        ...common,
        source: { type: 'prison_healthcare' },
        custody: {
          status: 'in_custody',
          establishment: code === 'reconnect-hampshire' ? 'HMP Winchester' : 'HMP Norwich',
          expectedReleaseDate: addMonthsIso(today, 2),
          resettlementArea: code === 'reconnect-hampshire' ? 'Southampton' : 'Norfolk',
        },
        roshLevel: 'medium',
        healthNeeds: 'Autism and alcohol use; struggles with letters and appointments.',
        unlikelyToEngage: true,
      };
  }
}
