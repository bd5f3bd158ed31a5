// The safety-net rules, table-driven with a fixed `asOf`. Each row cites where the rule comes from: the
// issue "The safety-net worklist", PRODUCT.md step 8, seed 002 (the East of England case study) or the
// national measure.
import { describe, expect, it } from 'vitest';
import type { ReleasePlan } from '../releasePlanning/types.ts';
import { isMine, worklist } from './rules.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';
import { addWorkingDays } from './workingDays.ts';
import { CO_WORKER, LEAD, episodeCase, ev, screeningCase, stateOf } from './testFactories.ts';
import type { EpisodeCase, ScreeningCase, WorklistRule } from './types.ts';

const at = (iso: string) => new Date(iso);
const plan = (p: ReleasePlan) => ({ plan: p, updatedAt: at('2026-11-01T12:00:00Z') });

/** Everything on the pre-release checklist done, in the team's area (Norfolk). */
const COMPLETE: ReleasePlan = {
  releaseType: 'conditional_release',
  releaseUncertain: false,
  destination: { postcode: 'NR1 1AA', localAuthority: 'Norfolk' },
  gp: { registered: true, practice: 'Riverside Surgery' },
  medicationOnRelease: true,
  substanceMisuse: { needed: false },
  mentalHealthHandover: { needed: false, done: false },
  accommodation: { status: 'settled' },
  idAndMoney: true,
  localProbationInformed: true,
  communityServicesInformed: true,
  meetAtTheGate: { planned: false },
  needsFlaggedToCourt: false,
  contingencyPlan: 'Phone the team; AP bed held',
};

/** Released from court on Monday 16 November 2026, three weeks early, to Southampton (Hampshire's area). */
const courtRelease = (changes: Partial<EpisodeCase> = {}) =>
  episodeCase({
    events: [
      ev({ kind: 'release_date_set', on: '2026-10-01', expectedReleaseDate: '2026-12-07' }),
      ev({
        kind: 'released',
        on: '2026-11-16',
        from: 'court',
        recordedAt: at('2026-11-16T15:00:00Z'),
        destination: { postcode: 'SO14 1AA', localAuthority: 'Southampton' },
      }),
    ],
    lastAttendedContactAt: at('2026-11-10T10:00:00Z'),
    releasePlan: plan({
      ...COMPLETE,
      gp: { registered: false },
      accommodation: { status: 'none' },
      substanceMisuse: { needed: true },
    }),
    ...changes,
  });

interface Row {
  name: string;
  cite: string;
  asOf: string;
  episode?: EpisodeCase;
  screening?: ScreeningCase;
  present: WorklistRule[];
  absent?: WorklistRule[];
}

const rows: Row[] = [
  // Screening (PRODUCT.md step 2; seed 001 "our team will aim to screen the referral within 48 hours").
  {
    name: 'screening due within 12 hours',
    cite: 'PRODUCT.md step 2: screening within the site deadline',
    asOf: '2026-11-12T00:00:00Z',
    screening: screeningCase(),
    present: ['screening_due_soon'],
    absent: ['screening_overdue'],
  },
  {
    name: 'screening past its deadline',
    cite: 'PRODUCT.md step 8: screening overdue',
    asOf: '2026-11-12T09:00:00Z',
    screening: screeningCase(),
    present: ['screening_overdue'],
    absent: ['screening_due_soon'],
  },
  {
    name: 'screening clock paused for more information',
    cite: 'PRODUCT.md step 2: more information pauses the clock',
    asOf: '2026-11-13T09:00:00Z',
    screening: screeningCase({ paused: true }),
    present: [],
    absent: ['screening_overdue'],
  },
  {
    name: 'screening far off',
    cite: 'issue: thresholds in the site policy',
    asOf: '2026-11-10T09:00:00Z',
    screening: screeningCase(),
    present: [],
    absent: ['screening_due_soon', 'screening_overdue'],
  },

  // Release planning (issue: release in ≤ 14 days with the plan incomplete; seed 002 "no pre-release preparatory work").
  {
    name: 'release in 14 days, nothing planned',
    cite: 'issue: release in ≤ 14 days with the plan incomplete',
    asOf: '2026-11-23T09:00:00Z',
    episode: episodeCase(),
    present: ['release_plan_incomplete'],
  },
  {
    name: 'release in 15 days, nothing planned yet',
    cite: 'issue: the 14-day threshold',
    asOf: '2026-11-22T09:00:00Z',
    episode: episodeCase(),
    present: [],
    absent: ['release_plan_incomplete'],
  },
  {
    name: 'release in 14 days, plan complete',
    cite: 'issue: fix the cause and the item disappears',
    asOf: '2026-11-23T09:00:00Z',
    episode: episodeCase({ releasePlan: plan(COMPLETE) }),
    present: [],
    absent: ['release_plan_incomplete', 'no_contingency_plan', 'accommodation_unsettled'],
  },
  {
    name: 'a certain release in 13 days, no contingency plan',
    cite: 'issue 10: "flag its absence on the worklist (`no_contingency_plan`) in the last weeks before release"',
    asOf: '2026-11-24T09:00:00Z',
    episode: episodeCase({ releasePlan: plan({ ...COMPLETE, contingencyPlan: undefined }) }),
    present: ['no_contingency_plan'],
    absent: ['release_plan_incomplete'],
  },
  {
    name: 'a certain release months away, no contingency plan yet',
    cite: 'issue 10: "in the last weeks before release", not before',
    asOf: '2026-09-01T09:00:00Z',
    episode: episodeCase({ releasePlan: plan({ ...COMPLETE, contingencyPlan: undefined }) }),
    present: [],
    absent: ['no_contingency_plan'],
  },
  {
    name: 'no expected release date and no contingency plan',
    cite: 'seed 002: "No emergency or contingency planning had taken place in case of his release"',
    asOf: '2026-11-10T09:00:00Z',
    episode: episodeCase({ events: [] }),
    present: ['no_contingency_plan'],
  },
  {
    name: 'release uncertain (court pending), no contingency plan',
    cite: 'seed 002: "Issues with releases from court and \'time served\' prisoners"',
    asOf: '2026-11-10T09:00:00Z',
    episode: episodeCase({ releasePlan: plan({ releaseUncertain: true }) }),
    present: ['no_contingency_plan'],
    absent: ['release_plan_incomplete'],
  },
  {
    name: 'release uncertain, contingency plan written',
    cite: 'seed 002: "Possible emergency planning"',
    asOf: '2026-11-10T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan({
        releaseUncertain: true,
        contingencyPlan: 'AP bed; COM phones team',
        needsFlaggedToCourt: true,
      }),
    }),
    present: [],
    absent: ['no_contingency_plan'],
  },
  {
    name: 'out of area release planned, no handover, inside 14 days',
    cite: 'seed 002: "no pre-release preparatory work in his area of release"; PRODUCT.md: out-of-area releases hand over',
    asOf: '2026-11-23T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan({ ...COMPLETE, destination: { postcode: 'SO14 1AA', localAuthority: 'Southampton' } }),
    }),
    present: ['out_of_area_no_handover'],
  },
  {
    name: 'out of area release planned, handover accepted',
    cite: 'issue: until a handover to the covering site is accepted',
    asOf: '2026-11-23T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan({ ...COMPLETE, destination: { postcode: 'SO14 1AA', localAuthority: 'Southampton' } }),
      handovers: [{ kind: 'out_of_area', status: 'accepted', toSiteCode: 'reconnect-hampshire' }],
    }),
    present: [],
    absent: ['out_of_area_no_handover'],
  },
  {
    name: 'release to an area no team covers, community services not told',
    cite: 'issue: where no site covers it, say so and what to do',
    asOf: '2026-11-23T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan({
        ...COMPLETE,
        destination: { postcode: 'TR1 1AA', localAuthority: 'Cornwall' },
        communityServicesInformed: false,
      }),
    }),
    present: ['out_of_area_no_handover'],
  },

  // Release (issue: release from court or earlier than expected raises release_date_changed and everything due at once).
  {
    name: 'released from court three weeks early, day 0',
    cite: 'seed 002: "Issues with releases from court"; issue: release_date_changed',
    asOf: '2026-11-16T16:00:00Z',
    episode: courtRelease(),
    present: ['release_date_changed', 'out_of_area_no_handover', 'accommodation_unsettled'],
    absent: [
      'release_plan_incomplete',
      'no_contact_after_release',
      'gp_not_registered',
      'substance_misuse_link_missing',
    ],
  },
  {
    name: 'release change reviewed: plan saved after the release',
    cite: 'issue: fix the cause and the item disappears',
    asOf: '2026-11-16T17:00:00Z',
    episode: courtRelease({
      releasePlan: { plan: { ...COMPLETE, gp: { registered: false } }, updatedAt: at('2026-11-16T16:30:00Z') },
    }),
    present: [],
    absent: ['release_date_changed'],
  },
  {
    name: 'expected date brought forward',
    cite: 'issue: any release earlier than expected raises release_date_changed',
    asOf: '2026-11-10T13:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      events: [
        ev({ kind: 'release_date_set', on: '2026-10-01', expectedReleaseDate: '2026-12-07' }),
        ev({ kind: 'release_date_set', on: '2026-11-10', expectedReleaseDate: '2026-11-20' }),
      ],
    }),
    present: ['release_date_changed'],
  },
  {
    name: 'released on the expected day from prison',
    cite: 'issue: only unplanned changes raise release_date_changed',
    asOf: '2026-12-07T16:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      lastAttendedContactAt: at('2026-12-07T10:00:00Z'),
      events: [
        ev({ kind: 'release_date_set', on: '2026-10-01', expectedReleaseDate: '2026-12-07' }),
        ev({ kind: 'released', on: '2026-12-07', from: 'prison' }),
      ],
    }),
    present: [],
    absent: ['release_date_changed'],
  },
  {
    name: 'no contact within 2 working days of release (Monday → due Thursday)',
    cite: 'issue: no contact within 2 working days of release',
    asOf: '2026-11-19T09:00:00Z',
    episode: courtRelease(),
    present: ['no_contact_after_release'],
    absent: ['no_recent_contact'],
  },
  {
    name: 'still inside 2 working days (Wednesday)',
    cite: 'issue: 2 working days',
    asOf: '2026-11-18T20:00:00Z',
    episode: courtRelease(),
    present: [],
    absent: ['no_contact_after_release'],
  },
  {
    name: 'contact after release clears it',
    cite: 'issue: fix the cause and the item disappears',
    asOf: '2026-11-19T09:00:00Z',
    episode: courtRelease({ lastAttendedContactAt: at('2026-11-17T11:00:00Z') }),
    present: [],
    absent: ['no_contact_after_release'],
  },
  {
    name: 'GP not registered by day 7 (day 8)',
    cite: 'PRODUCT.md step 8: GP not registered by day 7',
    asOf: '2026-11-24T09:00:00Z',
    episode: courtRelease(),
    present: ['gp_not_registered'],
  },
  {
    name: 'GP not registered, day 7',
    cite: 'PRODUCT.md step 8: by day 7',
    asOf: '2026-11-23T20:00:00Z',
    episode: courtRelease(),
    present: [],
    absent: ['gp_not_registered'],
  },
  {
    name: 'substance misuse appointment not within 21 days (day 22)',
    cite: 'the national measure: treatment within 21 days of release',
    asOf: '2026-12-08T09:00:00Z',
    episode: courtRelease(),
    present: ['substance_misuse_link_missing'],
  },
  {
    name: 'substance misuse identified at referral, plan silent',
    cite: 'seed 002: "Alcohol misuse"; the national measure',
    asOf: '2026-12-08T09:00:00Z',
    episode: courtRelease({
      substanceMisuseNeed: true,
      releasePlan: plan({ ...COMPLETE, substanceMisuse: undefined }),
    }),
    present: ['substance_misuse_link_missing'],
  },
  {
    name: 'substance misuse appointment on day 10',
    cite: 'the national measure',
    asOf: '2026-12-08T09:00:00Z',
    episode: courtRelease({
      releasePlan: plan({ ...COMPLETE, substanceMisuse: { needed: true, appointmentDate: '2026-11-26' } }),
    }),
    present: [],
    absent: ['substance_misuse_link_missing'],
  },
  {
    name: 'GP registration and treatment start recorded after release clear both items',
    cite: 'issue 15: "the safety-net worklist and the outcomes read the same facts"',
    asOf: '2026-12-08T09:00:00Z',
    episode: courtRelease({ linksMade: { gpRegisteredOn: '2026-11-20', substanceMisuseEngagedOn: '2026-12-07' } }),
    present: [],
    absent: ['gp_not_registered', 'substance_misuse_link_missing'],
  },
  {
    name: 'released with no accommodation',
    cite: 'seed 002: "housed in unsuitable premises"; "Duty to refer should be completed"',
    asOf: '2026-11-16T16:00:00Z',
    episode: courtRelease(),
    present: ['accommodation_unsettled'],
  },

  // Keeping in touch, ending, consent, actions (issue; PRODUCT.md step 8).
  {
    name: 'no contact for 14 days',
    cite: 'issue: no contact for 14 days',
    asOf: '2026-11-24T10:00:00Z',
    episode: episodeCase({ releasePlan: plan(COMPLETE) }),
    present: ['no_recent_contact'],
  },
  {
    name: 'contact 13 days ago',
    cite: 'issue: 14 days',
    asOf: '2026-11-23T10:00:00Z',
    episode: episodeCase({ releasePlan: plan(COMPLETE) }),
    present: [],
    absent: ['no_recent_contact'],
  },
  {
    name: 'support ends within 28 days, no ending review',
    cite: 'issue: support ending within 28 days with no closure plan',
    asOf: '2027-04-20T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      lastAttendedContactAt: at('2027-04-19T09:00:00Z'),
      consent: { given: true, date: '2027-01-01' },
      events: [
        ev({ kind: 'release_date_set', on: '2026-10-01', expectedReleaseDate: '2026-11-16' }),
        ev({ kind: 'released', on: '2026-11-16', from: 'prison' }),
      ],
    }),
    present: ['support_ending'],
  },
  {
    name: 'support ending, ending review recorded',
    cite: 'issue: the closure plan clears it',
    asOf: '2027-04-20T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      lastAttendedContactAt: at('2027-04-19T09:00:00Z'),
      lastPlanReviewOn: '2027-04-19',
      consent: { given: true, date: '2027-01-01' },
      events: [
        ev({ kind: 'release_date_set', on: '2026-10-01', expectedReleaseDate: '2026-11-16' }),
        ev({ kind: 'released', on: '2026-11-16', from: 'prison' }),
      ],
    }),
    present: [],
    absent: ['support_ending'],
  },
  {
    name: 'consent six months old',
    cite: 'PRODUCT.md step 8: consent to review',
    asOf: '2027-03-22T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      lastAttendedContactAt: at('2027-03-21T09:00:00Z'),
      events: [],
    }),
    present: ['consent_review_due'],
  },
  {
    name: 'action past its due date',
    cite: 'PRODUCT.md step 5: goals with owners across agencies',
    asOf: '2026-11-12T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      actions: [
        {
          id: 'a1',
          description: 'Book the GP appointment',
          dueOn: '2026-11-11',
          status: 'in_progress',
          ownerUserId: CO_WORKER,
        },
      ],
    }),
    present: ['action_overdue'],
  },
  {
    name: 'action done',
    cite: 'issue: fix the cause and the item disappears',
    asOf: '2026-11-12T09:00:00Z',
    episode: episodeCase({
      releasePlan: plan(COMPLETE),
      actions: [
        {
          id: 'a1',
          description: 'Book the GP appointment',
          dueOn: '2026-11-11',
          status: 'done',
          ownerUserId: CO_WORKER,
        },
      ],
    }),
    present: [],
    absent: ['action_overdue'],
  },
  {
    name: 'closed episode',
    cite: 'issue: open referrals and episodes only',
    asOf: '2026-11-24T09:00:00Z',
    episode: courtRelease({
      events: [...courtRelease().events, ev({ kind: 'closed', on: '2026-11-20', reason: 'moved away' })],
    }),
    present: [],
  },
];

describe('the safety-net rules', () => {
  it.each(rows)('$name ($cite)', (row) => {
    const state = stateOf({
      episodes: row.episode ? [row.episode] : [],
      screening: row.screening ? [row.screening] : [],
    });
    const rules = worklist(state, at(row.asOf)).map((i) => i.rule);
    for (const rule of row.present) expect(rules, `${rule} at ${row.asOf}`).toContain(rule);
    for (const rule of row.absent ?? []) expect(rules, `${rule} at ${row.asOf}`).not.toContain(rule);
    if (row.present.length === 0 && !row.absent) expect(rules).toEqual([]);
  });
});

describe('the items', () => {
  it('say why and what to do, link to where to fix it, and are sorted by severity then due date', () => {
    const items = worklist(
      stateOf({ episodes: [courtRelease()], screening: [screeningCase()] }),
      at('2026-12-08T09:00:00Z'),
    );
    expect(items.map((i) => i.severity)).toEqual(
      [...items.map((i) => i.severity)].sort(
        (a, b) => ['high', 'medium', 'low'].indexOf(a) - ['high', 'medium', 'low'].indexOf(b),
      ),
    );
    const gp = items.find((i) => i.rule === 'gp_not_registered')!;
    expect(gp.message).toContain('not registered with a GP by day 7 (23 November 2026)');
    expect(gp.link).toBe(`/episodes/${courtRelease().episodeId}/release-plan`);
    expect(gp.dueAt.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    const out = items.find((i) => i.rule === 'out_of_area_no_handover')!;
    expect(out.message).toContain('hand over to RECONNECT Hampshire');
    expect(out.link).toMatch(/\/handover$/);
    const changed = items.find((i) => i.rule === 'release_date_changed')!;
    expect(changed.message).toContain(
      'Released from court on 16 November 2026, 21 days before the expected date (7 December 2026)',
    );
  });

  it('where no team covers the destination, says so and to contact the local community services', () => {
    const episode = episodeCase({
      releasePlan: plan({
        ...COMPLETE,
        destination: { postcode: 'TR1 1AA', localAuthority: 'Cornwall' },
        communityServicesInformed: false,
      }),
    });
    const [item] = worklist(stateOf({ episodes: [episode] }), at('2026-11-23T09:00:00Z')).filter(
      (i) => i.rule === 'out_of_area_no_handover',
    );
    expect(item!.message).toContain('no RECONNECT team covers it: contact the local community services');
  });

  it('takes thresholds from the site policy', () => {
    const items = worklist(stateOf({ episodes: [episodeCase()] }), at('2026-11-16T09:00:00Z'), () => ({
      ...DEFAULT_THRESHOLDS,
      releasePlanDays: 28,
    }));
    expect(items.map((i) => i.rule)).toContain('release_plan_incomplete');
  });

  it('are "mine" for the lead worker and co-workers, and an action for its owner', () => {
    const episode = episodeCase({
      releasePlan: plan(COMPLETE),
      actions: [
        {
          id: 'a1',
          description: 'Call the housing team',
          dueOn: '2026-11-11',
          status: 'not_started',
          ownerUserId: CO_WORKER,
        },
      ],
    });
    const items = worklist(stateOf({ episodes: [episode] }), at('2026-11-25T09:00:00Z'));
    const action = items.find((i) => i.rule === 'action_overdue')!;
    const contact = items.find((i) => i.rule === 'no_recent_contact')!;
    expect([isMine(action, CO_WORKER), isMine(action, LEAD)]).toEqual([true, false]);
    expect([isMine(contact, CO_WORKER), isMine(contact, LEAD), isMine(contact, 'someone-else')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('working days (England and Wales)', () => {
  it.each([
    ['2026-11-16', 2, '2026-11-18', 'Monday → Wednesday'],
    ['2026-11-20', 2, '2026-11-24', 'Friday → Tuesday over the weekend'],
    ['2026-12-24', 2, '2026-12-30', 'Christmas Eve → over Christmas and the Boxing Day substitute'],
    ['2027-03-25', 1, '2027-03-30', 'Thursday before Easter 2027 → Tuesday'],
  ])('%s + %i working days is %s (%s)', (from, n, to) => {
    expect(addWorkingDays(from, n)).toBe(to);
  });
});
