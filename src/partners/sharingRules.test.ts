// Consent to share (issue 11), table-driven. Sources: UK GDPR art. 6(1)(a) and 7(3) (withdrawal does not undo
// sharing before it); HM Government, "Information sharing: advice for practitioners" (2018); the Caldicott
// principles (National Data Guardian, 2020), principle 1: justify the purpose.
import { describe, expect, it } from 'vitest';
import { formatIsoDateLong } from '../identifiers/dates.ts';
import {
  consentCheck,
  consentInForce,
  needsJustification,
  statusOfAnswer,
  type ConsentRecord,
} from './sharingRules.ts';

const HOUSING = { id: 'housing', name: 'Norwich Housing Options' };
let n = 0;
const record = (
  status: ConsentRecord['status'],
  recordedOn: string,
  partnerId = 'housing',
  at = n++,
): ConsentRecord => ({
  id: `c${at}`,
  partnerId,
  status,
  recordedOn,
  scope: null,
  recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)),
});

describe('consentCheck: may this be shared on the basis of consent on that day?', () => {
  const given = record('given', '2026-11-05');
  const withdrawn = record('withdrawn', '2026-11-20');
  const refused = record('refused', '2026-11-02');
  const elsewhere = record('given', '2026-11-01', 'probation');
  it.each([
    { case: 'no consent recorded', records: [], on: '2026-11-10', allowed: false, says: /not recorded/ },
    {
      case: 'consent to another agency only',
      records: [elsewhere],
      on: '2026-11-10',
      allowed: false,
      says: /not recorded/,
    },
    { case: 'given before the day', records: [given], on: '2026-11-10', allowed: true },
    { case: 'given that very day', records: [given], on: '2026-11-05', allowed: true },
    {
      case: 'given only after the day',
      records: [given],
      on: '2026-11-04',
      allowed: false,
      says: /given on 5 November 2026, after 4 November 2026/,
    },
    {
      case: 'refused',
      records: [refused],
      on: '2026-11-10',
      allowed: false,
      says: /refused consent .* on 2 November 2026/,
    },
    {
      case: 'refused, then given (art. 7: a new decision)',
      records: [refused, given],
      on: '2026-11-10',
      allowed: true,
    },
    {
      case: 'given, then withdrawn: before the withdrawal (art. 7(3))',
      records: [given, withdrawn],
      on: '2026-11-19',
      allowed: true,
    },
    {
      case: 'given, then withdrawn: from the withdrawal',
      records: [given, withdrawn],
      on: '2026-11-20',
      allowed: false,
      says: /withdrew consent/,
    },
  ])('$case → allowed $allowed', ({ records, on, allowed, says }) => {
    const check = consentCheck(records, HOUSING, on, formatIsoDateLong);
    expect(check.allowed).toBe(allowed);
    if (!check.allowed && says) expect(check.reason).toMatch(says);
  });

  it('reads two decisions on one day by when they were entered, the later in force', () => {
    const first = record('given', '2026-11-05');
    const second = record('withdrawn', '2026-11-05');
    expect(consentInForce([second, first], 'housing', '2026-11-05')?.status).toBe('withdrawn');
  });
});

describe('statusOfAnswer: what `given: false` stands for', () => {
  it.each([
    { given: true, before: undefined, status: 'given' },
    { given: false, before: undefined, status: 'refused' },
    { given: false, before: record('given', '2026-11-01'), status: 'withdrawn' },
    { given: false, before: record('refused', '2026-11-01'), status: 'refused' },
    { given: false, before: record('withdrawn', '2026-11-01'), status: 'refused' },
  ])('given $given after $before.status → $status', ({ given, before, status }) => {
    expect(statusOfAnswer(given, before)).toBe(status);
  });
});

describe('needsJustification (Caldicott principle 1)', () => {
  it.each([
    { basis: 'consent', direction: 'sent', needs: false },
    { basis: 'safeguarding', direction: 'sent', needs: true },
    { basis: 'public_task', direction: 'received', needs: true },
    { basis: 'vital_interests', direction: 'sent', needs: true },
    { basis: 'legal_obligation', direction: 'sent', needs: true },
    { basis: undefined, direction: 'declined', needs: true },
  ] as const)('$basis, $direction → $needs', ({ basis, direction, needs }) => {
    expect(needsJustification(basis, direction)).toBe(needs);
  });
});
