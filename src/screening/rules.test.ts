// Issue 10, "Hard requirements are advisory": "Accepting an ineligible referral needs a manager's explicit
// override with a reason, shown on the record and audited; consent withdrawn stops new episodes."
import { describe, expect, it } from 'vitest';
import { acceptanceCheck } from './rules.ts';
import { openingRefusal } from '../episodes/rules.ts';

describe('acceptanceCheck', () => {
  it.each([
    ['an eligible referral, by a practitioner', 'eligible', true, false, undefined, { ok: true, override: false }],
    [
      'a discretionary referral, by a practitioner',
      'discretionary',
      true,
      false,
      undefined,
      { ok: true, override: false },
    ],
    [
      'an ineligible referral, by a practitioner',
      'ineligible',
      true,
      false,
      'Known to us',
      { ok: false, refusal: 'manager_only' },
    ],
    [
      'an ineligible referral, by a manager without a reason',
      'ineligible',
      true,
      true,
      undefined,
      { ok: false, refusal: 'reason_needed' },
    ],
    [
      'an ineligible referral, by a manager with a blank reason',
      'ineligible',
      true,
      true,
      '  ',
      { ok: false, refusal: 'reason_needed' },
    ],
    [
      'an ineligible referral, by a manager with a reason',
      'ineligible',
      true,
      true,
      'Known to the team',
      { ok: true, override: true },
    ],
    [
      'no consent, even by a manager with a reason',
      'ineligible',
      false,
      true,
      'Known to the team',
      { ok: false, refusal: 'no_consent' },
    ],
    [
      'consent not recorded (discretionary)',
      'discretionary',
      undefined,
      false,
      undefined,
      { ok: true, override: false },
    ],
  ] as const)('%s', (_name, outcome, consentGiven, managesSite, reason, expected) => {
    expect(acceptanceCheck({ outcome, consentGiven }, { managesSite }, reason)).toMatchObject(expected);
  });
});

describe('openingRefusal: "consent withdrawn stops new episodes"', () => {
  it.each([
    [{ consent: { given: true, date: '2026-11-01' } }, false],
    [{ consent: { given: false, date: null } }, true],
    [{ consent: null }, false],
    [null, false],
  ])('%j refused: %s', (details, refused) => {
    expect(openingRefusal({ details }) !== null).toBe(refused);
  });
});
