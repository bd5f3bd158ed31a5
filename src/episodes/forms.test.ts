// The episode page's forms, table-driven (forms.ts): what a worker types becomes the JSON API's body, and
// each problem is named on the field path the page links its error summary from (STYLE.md: 400 names the
// offending input).
import { describe, expect, it } from 'vitest';
import {
  EPISODE_FORMS,
  inputOf,
  openingBody,
  openingErrors,
  parseEpisodeForm,
  postedVersion,
  type EpisodeForm,
} from './forms.ts';

const NOW = new Date('2026-11-10T12:00:00Z');
const errorsOf = (result: { errors?: { field: string }[] }) => result.errors?.map((e) => e.field);

describe('the contact form (issue "Episode lifecycle": who was present, why it was cancelled)', () => {
  const good = {
    'contact-date-day': '10',
    'contact-date-month': '11',
    'contact-date-year': '2026',
    'contact-time': '8:30am',
    type: 'in_prison',
    outcome: 'attended',
    durationMinutes: '45',
    present: 'Pat Prison, POM\r\n\r\nChris, COM',
  };

  it('becomes the API body: the instant in England, whole minutes, one person present a line', () => {
    expect(parseEpisodeForm(EPISODE_FORMS.contact, good, NOW)).toEqual({
      body: {
        at: '2026-11-10T08:30:00.000Z',
        type: 'in_prison',
        outcome: 'attended',
        durationMinutes: 45,
        present: ['Pat Prison, POM', 'Chris, COM'],
      },
    });
  });

  const refused: [string, Record<string, string>, string[]][] = [
    ['no date, time, type or outcome', {}, ['date', 'time', 'type', 'outcome']],
    [
      'an impossible date and a time that is not one',
      { ...good, 'contact-date-day': '31', 'contact-date-month': '2', 'contact-time': 'noonish' },
      ['date', 'time'],
    ],
    ['minutes that are not a whole number', { ...good, durationMinutes: 'long' }, ['durationMinutes']],
    ['a cancellation without its reason', { ...good, outcome: 'cancelled' }, ['cancelledReason']],
    ['a contact in the future', { ...good, 'contact-date-day': '11' }, ['date']],
    ['notes longer than the API takes', { ...good, notes: 'x'.repeat(10_001) }, ['notes']],
  ];
  it.each(refused)('refuses %s, on its fields', (_, posted, fields) => {
    expect(errorsOf(parseEpisodeForm(EPISODE_FORMS.contact, posted, NOW))).toEqual(fields);
  });

  it('links each field path to its input, `present.2` to the "Who was present" box', () => {
    expect(inputOf(EPISODE_FORMS.contact, 'at')).toBe('contact-date-day');
    expect(inputOf(EPISODE_FORMS.contact, 'present.2')).toBe('contact-present');
    expect(inputOf(EPISODE_FORMS.contact, 'elsewhere')).toBeUndefined();
  });
});

describe('the release, recall, extension and expected release date forms', () => {
  const rows: [keyof typeof EPISODE_FORMS, Record<string, string>, object | string[]][] = [
    [
      'release',
      { 'releasedOn-day': '9', 'releasedOn-month': '11', 'releasedOn-year': '2026', releasedFrom: 'court' },
      { releasedOn: '2026-11-09', releasedFrom: 'court' },
    ],
    ['release', { releasedFrom: 'bus' }, ['releasedOn', 'releasedFrom']],
    ['recall', { reason: 'Licence breach' }, { reason: 'Licence breach' }],
    ['recall', {}, ['reason']],
    [
      'extension',
      { 'until-day': '1', 'until-month': '3', 'until-year': '2028', reason: 'Housing' },
      { until: '2028-03-01', reason: 'Housing' },
    ],
    ['extension', { 'until-day': '1' }, ['until', 'reason']],
    [
      'releaseDate',
      {
        'expectedReleaseDate-day': '1',
        'expectedReleaseDate-month': '3',
        'expectedReleaseDate-year': '2027',
        reason: 'Parole',
      },
      { expectedReleaseDate: '2027-03-01', reason: 'Parole' },
    ],
    ['releaseDate', { reason: 'Parole' }, ['expectedReleaseDate']],
  ];
  it.each(rows)('%s: %j', (action, posted, expected) => {
    const result = parseEpisodeForm(EPISODE_FORMS[action] as EpisodeForm<unknown>, posted, NOW);
    if (Array.isArray(expected)) expect(errorsOf(result)).toEqual(expected);
    else expect(result).toEqual({ body: expected });
  });

  it('sends the version the form was opened at, and none when it is not one', () => {
    expect(postedVersion({ version: '3' })).toBe(3);
    expect(postedVersion({ version: '0' })).toBeUndefined();
    expect(postedVersion({ version: 'x' })).toBeUndefined();
  });
});

describe('opening an episode (PRODUCT.md journey, step 3: the consultation meeting)', () => {
  const REFERRAL = '00000000-0000-4000-8000-000000000001';
  const VIEWER = '00000000-0000-4000-8000-000000000002';
  const meeting = {
    'consultation-date-day': '9',
    'consultation-date-month': '11',
    'consultation-date-year': '2026',
    'attendee-1-role': 'com',
    'attendee-1-name': 'Chris Manager',
    'attendee-1-organisation': 'Probation North West',
    'attendee-3-role': 'pom',
    'attendee-3-name': 'Pat Prison',
    'attendee-3-organisation': 'HMP Preston',
    decision: 'accept',
    rationale: 'Complex needs; agrees to support.',
  };

  it('reads the meeting, skipping blank attendee rows', () => {
    const result = openingBody(meeting, REFERRAL, true, VIEWER);
    const attendees = 'body' in result ? result.body.consultation?.attendees : undefined;
    expect(attendees?.map((a) => a.name)).toEqual(['Chris Manager', 'Pat Prison']);
  });

  it('names the row of a half-filled attendee, and asks for the date and decision', () => {
    const posted = { ...meeting, 'consultation-date-day': '', 'attendee-3-organisation': '', decision: '' };
    expect(errorsOf(openingBody(posted, REFERRAL, true, VIEWER))).toEqual([
      'consultation-date-day',
      'decision',
      'attendee-3-organisation',
    ]);
  });

  it('sends a RECONNECT lead worker only when it is someone else', () => {
    expect(openingBody({ leadWorkerId: VIEWER }, REFERRAL, false, VIEWER)).toEqual({ body: { referralId: REFERRAL } });
    expect(openingBody({ leadWorkerId: REFERRAL }, REFERRAL, false, VIEWER)).toEqual({
      body: { referralId: REFERRAL, leadWorkerId: REFERRAL },
    });
  });

  it('puts the service’s refusals on the form', () => {
    expect(openingErrors([{ field: 'consultation.date', message: 'Must be today or in the past' }])).toEqual([
      { field: 'consultation-date-day', message: 'The date of the meeting must be today or in the past' },
    ]);
  });
});
