import { describe, expect, it } from 'vitest';
import { DOMAINS, DOMAIN_CODES, domainDefinition, type DomainAnswer } from './domains.ts';
import { assessedNeeds, assessmentProgress, reviewDue, toDomainAnswer } from './rules.ts';
import { domainAnswerSchema } from './schema.ts';
import { fieldErrors } from '../http/validation.ts';

const ISSUE = 'issue "Assessment, formulation and plan"';
const S000 = 'seed 000: Current MAPPA Level 2 or 3 registration; High risk of serious harm to others';
const S002 = 'seed 002: Problems with hearing and eyesight; Challenges with reading and writing';
const TASK_LIST = 'NHS service manual, task list: each task is not yet started, incomplete or completed';

const done = (level: DomainAnswer['level'] = 'low'): DomainAnswer => ({
  status: 'completed',
  level,
  notes: null,
  fields: {},
});
const draft = (): DomainAnswer => ({ status: 'incomplete', level: null, notes: null, fields: {} });
const allDone = () => Object.fromEntries(DOMAIN_CODES.map((c) => [c, done(c === 'strengths' ? null : 'low')]));

describe('the domains', () => {
  it(`lists every domain of the ${ISSUE}, strengths last and without a level`, () => {
    expect(DOMAINS.map((d) => d.label)).toEqual([
      'Mental health',
      'Physical health',
      'Substance use',
      'Learning disability and neurodivergence',
      'Communication',
      'Cognition and executive capacity',
      'Accommodation',
      'Money and benefits',
      'ID',
      'Relationships and family',
      'Education and work',
      'Risk to others',
      'Risk to self',
      'Safeguarding and exploitation',
      'Strengths',
    ]);
    expect(DOMAINS.filter((d) => !d.hasLevel).map((d) => d.code)).toEqual(['strengths']);
  });
});

describe('one domain’s answers', () => {
  const rows: { source: string; domain: string; body: object; errors: string[] }[] = [
    {
      source: S000,
      domain: 'risk_to_others',
      body: { complete: true, level: 'high', fields: { rosh: 'high', mappaCategory: '2', mappaLevel: '2' } },
      errors: [],
    },
    {
      source: S000,
      domain: 'risk_to_others',
      body: { complete: true, level: 'high', fields: { rosh: 'high', mappaCategory: '2' } },
      errors: ['fields.mappaLevel'],
    },
    {
      source: S000,
      domain: 'risk_to_others',
      body: { complete: true, level: 'high', fields: { rosh: 'high', mappaCategory: 'none', mappaLevel: '1' } },
      errors: ['fields.mappaLevel'],
    },
    {
      source: S000,
      domain: 'risk_to_others',
      body: { complete: true, level: 'high', fields: { rosh: 'severe', mappaCategory: '4' } },
      errors: ['fields.rosh', 'fields.mappaCategory'],
    },
    {
      source: S000,
      domain: 'risk_to_others',
      body: { complete: true, level: 'high', fields: {} },
      errors: ['fields.rosh', 'fields.mappaCategory'],
    },
    {
      source: `${ISSUE}: shown as a task list while in progress`,
      domain: 'risk_to_others',
      body: { complete: false, fields: { rosh: 'high' } },
      errors: [],
    },
    {
      source: `${ISSUE}: needs by domain with a level`,
      domain: 'mental_health',
      body: { complete: true },
      errors: ['level'],
    },
    {
      source: `${ISSUE}: needs by domain with a level`,
      domain: 'mental_health',
      body: { complete: true, level: 'urgent' },
      errors: ['level'],
    },
    {
      source: S002,
      domain: 'communication',
      body: {
        complete: true,
        level: 'high',
        fields: {
          hearingNeeds: true,
          sightNeeds: true,
          literacyNeeds: true,
          firstLanguage: 'English',
          interpreterNeeded: false,
        },
      },
      errors: [],
    },
    {
      source: S002,
      domain: 'communication',
      body: { complete: true, level: 'medium', fields: { firstLanguage: 'Polish', interpreterNeeded: true } },
      errors: ['fields.interpreterLanguage'],
    },
    {
      source: S002,
      domain: 'communication',
      body: { complete: false, fields: { interpreterNeeded: false, interpreterLanguage: 'Polish' } },
      errors: ['fields.interpreterLanguage'],
    },
    {
      source: S002,
      domain: 'communication',
      body: { complete: false, fields: { hearingNeeds: 'yes' } },
      errors: ['fields.hearingNeeds'],
    },
    {
      source: `${ISSUE}: strengths`,
      domain: 'strengths',
      body: { complete: true, fields: { strengths: 'Loyal to his sister; a skilled cook' } },
      errors: [],
    },
    {
      source: `${ISSUE}: strengths`,
      domain: 'strengths',
      body: { complete: true, level: 'high', fields: {} },
      errors: ['level', 'fields.strengths'],
    },
    {
      source: 'an unknown field is refused, not dropped',
      domain: 'money',
      body: { complete: false, fields: { pension: true } },
      errors: ['fields'],
    },
    { source: 'complete is said, never assumed', domain: 'money', body: { level: 'low' }, errors: ['complete'] },
  ];
  it.each(rows)('$domain $body → $errors ($source)', ({ domain, body, errors }) => {
    const result = domainAnswerSchema(domainDefinition(domain)!).safeParse(body);
    expect(result.success ? [] : fieldErrors(result.error).map((e) => e.field)).toEqual(errors);
  });

  it('stores what was said, without blanks', () => {
    const body = domainAnswerSchema(domainDefinition('communication')!).parse({
      complete: false,
      notes: '  ',
      fields: { firstLanguage: 'Welsh', formats: [], interpreterLanguage: '' },
    });
    expect(toDomainAnswer(body)).toEqual({
      status: 'incomplete',
      level: null,
      notes: null,
      fields: { firstLanguage: 'Welsh' },
    });
  });
});

describe('assessmentProgress', () => {
  const rows: {
    source: string;
    domains: Record<string, DomainAnswer>;
    completed: number;
    canComplete: boolean;
    first: string;
  }[] = [
    { source: TASK_LIST, domains: {}, completed: 0, canComplete: false, first: 'not_started' },
    { source: TASK_LIST, domains: { mental_health: draft() }, completed: 0, canComplete: false, first: 'incomplete' },
    { source: TASK_LIST, domains: { mental_health: done() }, completed: 1, canComplete: false, first: 'completed' },
    {
      source: `${ISSUE}: complete when every domain is done`,
      domains: { ...allDone(), strengths: draft() },
      completed: 14,
      canComplete: false,
      first: 'completed',
    },
    {
      source: `${ISSUE}: complete when every domain is done`,
      domains: allDone(),
      completed: 15,
      canComplete: true,
      first: 'completed',
    },
  ];
  it.each(rows)(
    '$completed of 15 → can complete: $canComplete ($source)',
    ({ domains, completed, canComplete, first }) => {
      const progress = assessmentProgress(domains);
      expect(progress).toMatchObject({ completed, canComplete, total: 15 });
      expect(progress.items[0]!.status).toBe(first);
    },
  );

  it('names the domains assessed as a need: low, medium or high', () => {
    expect(
      assessedNeeds({
        mental_health: done('high'),
        money: done('no_need'),
        accommodation: draft(),
        identification: { ...draft(), level: 'low' },
        strengths: done(null),
      }),
    ).toEqual(['mental_health', 'identification']);
  });
});

describe('reviewDue', () => {
  const P = 'issue: a support plan reviewed on a schedule (site policy planReviewWeeks, 6 weeks when absent)';
  const rows: {
    source: string;
    startedOn: string | null;
    reviews: { reviewedOn: string; nextReviewOn: string | null }[];
    weeks?: number;
    today: string;
    expected: object;
  }[] = [
    {
      source: 'no goals, nothing to review',
      startedOn: null,
      reviews: [],
      today: '2026-11-10',
      expected: { dueOn: null, basis: 'no_plan', overdue: false },
    },
    {
      source: P,
      startedOn: '2026-11-10',
      reviews: [],
      today: '2026-11-10',
      expected: { dueOn: '2026-12-22', basis: 'plan_started', daysUntil: 42, overdue: false },
    },
    {
      source: P,
      startedOn: '2026-11-10',
      reviews: [],
      weeks: 4,
      today: '2026-12-09',
      expected: { dueOn: '2026-12-08', daysUntil: -1, overdue: true },
    },
    {
      source: `${P}: due on the day is not overdue`,
      startedOn: '2026-11-10',
      reviews: [],
      weeks: 4,
      today: '2026-12-08',
      expected: { daysUntil: 0, overdue: false },
    },
    {
      source: P,
      startedOn: '2026-10-01',
      reviews: [{ reviewedOn: '2026-11-05', nextReviewOn: null }],
      today: '2026-11-10',
      expected: { dueOn: '2026-12-17', basis: 'last_review' },
    },
    {
      source: 'the date a review agrees wins',
      startedOn: '2026-10-01',
      reviews: [{ reviewedOn: '2026-11-05', nextReviewOn: '2026-11-26' }],
      today: '2026-11-10',
      expected: { dueOn: '2026-11-26', basis: 'agreed', daysUntil: 16 },
    },
    {
      source: 'the latest review counts, whatever order they come in',
      startedOn: '2026-09-01',
      reviews: [
        { reviewedOn: '2026-11-05', nextReviewOn: null },
        { reviewedOn: '2026-10-01', nextReviewOn: '2027-06-01' },
      ],
      today: '2026-11-10',
      expected: { dueOn: '2026-12-17' },
    },
    {
      source: 'across a year end (dates, not months)',
      startedOn: '2026-12-20',
      reviews: [],
      today: '2026-12-20',
      expected: { dueOn: '2027-01-31' },
    },
  ];
  it.each(rows)(
    '$startedOn, $reviews.length reviews, on $today → $expected ($source)',
    ({ startedOn, reviews, weeks, today, expected }) => {
      expect(reviewDue({ startedOn }, reviews, weeks ? { planReviewWeeks: weeks } : {}, today)).toMatchObject(expected);
    },
  );
});
