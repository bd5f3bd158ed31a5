// The pre-release checklist, readiness and destination coverage, table-driven; each row cites where its
// rule comes from (seed 002, the East of England case study, and the issue "Release planning").
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SITES, builtInSite } from '../sites/builtInSites.ts';
import { policyInForce, RELEASE_CHECKLIST_ITEMS, type ReleaseChecklistItem, type SitePolicy } from '../sites/policy.ts';
import {
  checklist,
  contingencyRequired,
  destinationCoverage,
  missingItems,
  readiness,
  timingFromPhase,
  type ChecklistStatus,
  type ReleaseTiming,
} from './checklist.ts';
import type { ReleasePlan } from './types.ts';

const NOW = new Date('2026-11-10T09:00:00Z');
const TODAY = '2026-11-10';
const hampshire = builtInSite('reconnect-hampshire')!;
const policy: SitePolicy = policyInForce(hampshire, NOW)!;
const DATED: ReleaseTiming = { expectedReleaseDate: '2026-11-22', releasedOn: null, today: TODAY };
const UNDATED: ReleaseTiming = { expectedReleaseDate: null, releasedOn: null, today: TODAY };

const statusOf = (code: ReleaseChecklistItem, plan: ReleasePlan, timing = DATED, p = policy): ChecklistStatus =>
  checklist(plan, p, timing).find((i) => i.code === code)!.status;

describe('each checklist item', () => {
  it.each<[string, ReleaseChecklistItem, ReleasePlan, ReleaseTiming, ChecklistStatus]>([
    ['issue: GP registration (practice) — nothing recorded', 'gp_registration', {}, DATED, 'not_done'],
    [
      'issue: GP registration (practice) — registered but which practice is not said',
      'gp_registration',
      { gp: { registered: true } },
      DATED,
      'not_done',
    ],
    [
      'issue: GP registration (practice) — registered with a named practice',
      'gp_registration',
      { gp: { registered: true, practice: 'Jubilee Surgery' } },
      DATED,
      'done',
    ],
    ['issue: GP registration — not registered', 'gp_registration', { gp: { registered: false } }, DATED, 'not_done'],
    ['issue: medication on release — arranged', 'medication_on_release', { medicationOnRelease: true }, DATED, 'done'],
    [
      'issue: medication on release — not arranged',
      'medication_on_release',
      { medicationOnRelease: false },
      DATED,
      'not_done',
    ],
    [
      'issue: substance misuse — not needed counts as not needed',
      'substance_misuse_appointment',
      { substanceMisuse: { needed: false } },
      DATED,
      'not_needed',
    ],
    [
      'issue: substance misuse — needed, no appointment yet',
      'substance_misuse_appointment',
      { substanceMisuse: { needed: true } },
      DATED,
      'not_done',
    ],
    [
      'issue: substance misuse — needed, appointment booked',
      'substance_misuse_appointment',
      { substanceMisuse: { needed: true, appointmentDate: '2026-11-25' } },
      DATED,
      'done',
    ],
    ['issue: substance misuse — not yet asked', 'substance_misuse_appointment', {}, DATED, 'not_done'],
    [
      'issue: mental health handover — not needed',
      'mental_health_handover',
      { mentalHealthHandover: { needed: false, done: false } },
      DATED,
      'not_needed',
    ],
    [
      'issue: mental health handover — needed, not made',
      'mental_health_handover',
      { mentalHealthHandover: { needed: true, done: false } },
      DATED,
      'not_done',
    ],
    [
      'issue: mental health handover — made',
      'mental_health_handover',
      { mentalHealthHandover: { needed: true, done: true } },
      DATED,
      'done',
    ],
    ['issue: accommodation settled', 'accommodation', { accommodation: { status: 'settled' } }, DATED, 'done'],
    [
      'seed 002 "housed in unsuitable premises": unsettled, no Duty to Refer',
      'accommodation',
      { accommodation: { status: 'unsettled' } },
      DATED,
      'not_done',
    ],
    [
      'issue: Duty to Refer (date, local authority) for those at risk of homelessness',
      'accommodation',
      { accommodation: { status: 'none', dutyToReferDate: '2026-11-01', dutyToReferLocalAuthority: 'Southampton' } },
      DATED,
      'done',
    ],
    [
      'issue: Duty to Refer local authority taken from the destination',
      'accommodation',
      {
        accommodation: { status: 'none', dutyToReferDate: '2026-11-01' },
        destination: { postcode: 'SO14 7AA', localAuthority: 'Southampton' },
      },
      DATED,
      'done',
    ],
    [
      'issue: Duty to Refer without a local authority anywhere',
      'accommodation',
      { accommodation: { status: 'none', dutyToReferDate: '2026-11-01' } },
      DATED,
      'not_done',
    ],
    ['issue: ID and money', 'id_and_money', { idAndMoney: true }, DATED, 'done'],
    [
      'seed 002 "local Probation team not informed"',
      'local_probation_informed',
      { localProbationInformed: false },
      DATED,
      'not_done',
    ],
    [
      'seed 002 "the correct community services ... not informed"',
      'community_services_informed',
      {},
      DATED,
      'not_done',
    ],
    [
      'seed 002 "Issues with releases from court": needs flagged to court when release may come from court',
      'needs_flagged_to_court',
      { releaseType: 'release_from_court' },
      DATED,
      'not_done',
    ],
    [
      'issue: needs flagged to court — answered "no" for a planned conditional release',
      'needs_flagged_to_court',
      { releaseType: 'conditional_release', releaseUncertain: false, needsFlaggedToCourt: false },
      DATED,
      'not_needed',
    ],
    [
      'issue 10: "needs flagged to court" must not default to "not needed"',
      'needs_flagged_to_court',
      { releaseType: 'conditional_release', releaseUncertain: false },
      DATED,
      'not_done',
    ],
    [
      'issue: needs flagged to court — done',
      'needs_flagged_to_court',
      { releaseUncertain: true, needsFlaggedToCourt: true },
      DATED,
      'done',
    ],
    ['issue: a meet at the gate — not decided', 'meet_at_the_gate', {}, DATED, 'not_done'],
    [
      'issue: a meet at the gate — planned',
      'meet_at_the_gate',
      { meetAtTheGate: { planned: true, by: 'peer worker' } },
      DATED,
      'done',
    ],
    [
      'issue: a meet at the gate — decided against',
      'meet_at_the_gate',
      { meetAtTheGate: { planned: false } },
      DATED,
      'not_needed',
    ],
    [
      'seed 002 "No emergency or contingency planning": uncertain date needs one',
      'contingency_plan',
      { releaseUncertain: true },
      DATED,
      'not_done',
    ],
    [
      'seed 002 "releases from court and \'time served\'": release from court needs one',
      'contingency_plan',
      { releaseType: 'release_from_court' },
      DATED,
      'not_done',
    ],
    [
      'phases.ts: no expected release date, so release could come at any time',
      'contingency_plan',
      {},
      UNDATED,
      'not_done',
    ],
    [
      'issue 10: "Ask for a contingency plan for everyone still in custody" (seed 002 was not thought uncertain)',
      'contingency_plan',
      { releaseType: 'conditional_release', releaseUncertain: false },
      DATED,
      'not_done',
    ],
    [
      'issue 10: once released, no contingency plan is asked for',
      'contingency_plan',
      { releaseType: 'conditional_release', releaseUncertain: false },
      { expectedReleaseDate: null, releasedOn: '2026-11-05', today: TODAY },
      'not_needed',
    ],
    [
      'issue: a contingency plan written',
      'contingency_plan',
      { releaseUncertain: true, contingencyPlan: 'Duty worker meets him at court.' },
      DATED,
      'done',
    ],
  ])('%s', (_source, code, plan, timing, expected) => {
    expect(statusOf(code, plan, timing)).toBe(expected);
  });

  it('says what is missing in plain words, and only for items not done', () => {
    const items = checklist({ releaseType: 'release_from_court', accommodation: { status: 'none' } }, policy, DATED);
    const missing = missingItems(items);
    expect(missing.every((i) => typeof i.missing === 'string' && i.missing.length > 10)).toBe(true);
    expect(missing.find((i) => i.code === 'accommodation')!.missing).toMatch(/Duty to Refer/);
    expect(items.filter((i) => i.status !== 'not_done').every((i) => i.missing === undefined)).toBe(true);
  });

  it('notes an appointment later than the national measure of 21 days after release (issue)', () => {
    const item = checklist({ substanceMisuse: { needed: true, appointmentDate: '2026-12-20' } }, policy, DATED).find(
      (i) => i.code === 'substance_misuse_appointment',
    )!;
    expect(item.status).toBe('done');
    expect(item.note).toMatch(/28 days after release: the national measure is engagement within 21 days/);
  });
});

describe('the site policy decides which items are asked for', () => {
  it('asks for all eleven when the policy has no list', () => {
    expect(checklist({}, policy, DATED).filter((i) => i.required)).toHaveLength(RELEASE_CHECKLIST_ITEMS.length);
  });

  it('does not count an item the site does not ask for', () => {
    const short: SitePolicy = { ...policy, releaseChecklist: ['gp_registration', 'accommodation', 'contingency_plan'] };
    const items = checklist({ gp: { registered: true, practice: 'Jubilee Surgery' } }, short, DATED);
    expect(items.find((i) => i.code === 'id_and_money')).toMatchObject({ required: false, status: 'not_asked_for' });
    expect(readiness(items, DATED)).toEqual({ done: 1, total: 3, text: '1 of 3 done, 12 days to release' });
  });
});

describe('readiness', () => {
  const sevenDone: ReleasePlan = {
    releaseType: 'conditional_release',
    releaseUncertain: false,
    gp: { registered: true, practice: 'Jubilee Surgery' },
    medicationOnRelease: true,
    idAndMoney: true,
    substanceMisuse: { needed: false },
    localProbationInformed: true,
    needsFlaggedToCourt: false,
    contingencyPlan: 'The duty worker meets him at the gate or the court.',
  };
  it.each<[string, ReleasePlan, ReleaseTiming, string]>([
    ['the issue\'s example: "7 of 11 done, 12 days to release"', sevenDone, DATED, '7 of 11 done, 12 days to release'],
    ['release due today', sevenDone, { ...DATED, expectedReleaseDate: TODAY }, '7 of 11 done, release due today'],
    ['one day to go', sevenDone, { ...DATED, expectedReleaseDate: '2026-11-11' }, '7 of 11 done, 1 day to release'],
    [
      'date passed',
      sevenDone,
      { ...DATED, expectedReleaseDate: '2026-11-07' },
      '7 of 11 done, release date passed 3 days ago',
    ],
    [
      'no date and no contingency plan: one fewer done',
      { ...sevenDone, contingencyPlan: undefined },
      UNDATED,
      '6 of 11 done, no release date',
    ],
    [
      'after release',
      sevenDone,
      { expectedReleaseDate: null, releasedOn: '2026-11-05', today: TODAY },
      '7 of 11 done, released 5 days ago',
    ],
    [
      'issue 10: nothing recorded, a planned release: nothing counts as done',
      {},
      DATED,
      '0 of 11 done, 12 days to release',
    ],
  ])('%s', (_name, plan, timing, text) => {
    expect(readiness(checklist(plan, policy, timing), timing).text).toBe(text);
  });
});

describe('timing from the episode phase', () => {
  it.each([
    [
      'before release',
      { status: 'pre_release' as const, expectedReleaseDate: '2026-12-01', lastReleasedOn: null, daysToRelease: 21 },
      { expectedReleaseDate: '2026-12-01', releasedOn: null },
    ],
    [
      'after release',
      {
        status: 'post_release' as const,
        expectedReleaseDate: '2026-11-01',
        lastReleasedOn: '2026-11-02',
        daysToRelease: null,
      },
      { expectedReleaseDate: null, releasedOn: '2026-11-02' },
    ],
    [
      'recalled, no new date',
      {
        status: 'paused' as const,
        expectedReleaseDate: '2026-11-01',
        lastReleasedOn: '2026-11-02',
        daysToRelease: null,
      },
      { expectedReleaseDate: null, releasedOn: null },
    ],
  ])('%s', (_name, phase, expected) => {
    expect(timingFromPhase(phase, TODAY)).toEqual({ today: TODAY, ...expected });
  });

  it('does not ask for a contingency plan once the person is in the community', () => {
    expect(contingencyRequired({}, { expectedReleaseDate: null, releasedOn: '2026-11-02' })).toBe(false);
  });
});

describe('destination coverage (seed 002: "released to the same out of area location")', () => {
  it.each([
    ['no destination yet', undefined, 'unknown', undefined],
    ["in the site's catchment", { postcode: 'SO14 7AA', localAuthority: 'Southampton' }, 'in_catchment', undefined],
    [
      'a place within the catchment',
      { postcode: 'RG21 4AA', localAuthority: 'Basingstoke and Deane' },
      'in_catchment',
      undefined,
    ],
    [
      'out of area, covered by another team',
      { postcode: 'NR1 1AA', localAuthority: 'Norfolk' },
      'covered_by',
      'RECONNECT East of England',
    ],
    [
      'out of area, covered by an Enhanced RECONNECT team',
      { postcode: 'FY1 1AA', localAuthority: 'Blackpool' },
      'covered_by',
      'Enhanced RECONNECT Lancashire and Cumbria',
    ],
    ['out of area, no team', { postcode: 'M1 1AA', localAuthority: 'Manchester' }, 'no_site', undefined],
  ])('%s', (_name, destination, kind, siteName) => {
    const coverage = destinationCoverage(destination, hampshire, BUILT_IN_SITES, NOW);
    expect(coverage.kind).toBe(kind);
    if (siteName) expect(coverage.text).toContain(`covered by ${siteName}`);
    if (kind === 'no_site')
      expect(coverage.text).toMatch(/no Reconnect team covers Manchester\. Contact the local community services/);
  });
});
