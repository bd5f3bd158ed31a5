// Issue 15, "Letters and plans the person can use": every letter in every format and language renders, with
// the name as written (Polish, Irish and Welsh letters), large print and easy read at 16 pt or more, the Welsh
// wording in Welsh; through the API and the page, defaulting to the assessment's formats and language; who may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, aReferralBody, anOpenEpisode, staffAt, type OpenEpisode } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { readPdf } from '../../test/support/pdfText.ts';
import { letterPdf } from '../web/letterPdf.ts';
import { LETTER_FORMATS, LETTER_KINDS, personLetterContent, STYLES, type PersonLetterFacts } from './content.ts';
import { LANGUAGES, WORDING, dateIn, languageOf } from './wording.ts';

const NAME = 'Llŷr Wiśniewski-O’Brien';
const FREE_TEXT = 'Siân Ó Dónaill will help with housing';

/** Every font size the PDF's text is drawn at (the `Tf` operators of its content streams). */
const fontSizes = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/\w+\s+([\d.]+)\s+Tf/g)].map((m) => Number(m[1]));

const facts: PersonLetterFacts = {
  personName: NAME,
  team: { name: 'RECONNECT Hampshire', provider: 'Berkshire Healthcare NHS FT' },
  leadWorker: 'Morgan Practitioner',
  goals: [
    {
      description: FREE_TEXT,
      actions: [
        { description: 'Go to the housing office', ownerKind: 'person', ownerAgency: null, dueOn: '2026-12-01' },
      ],
    },
  ],
  appointments: [{ on: '2026-12-03', what: 'drug_and_alcohol', text: 'Inclusion Hampshire', where: null }],
  writtenOn: '2026-11-10',
};

describe('every letter, format and language', () => {
  const cases = LETTER_KINDS.flatMap((k) => LETTER_FORMATS.flatMap((f) => LANGUAGES.map((l) => [k, f, l] as const)));

  it.each(cases)('%s in %s, %s: renders with the name and free text as written', async (kind, format, language) => {
    const content = personLetterContent(kind, format, language, facts);
    const pdf = await letterPdf(facts.team, content, STYLES[format]);
    // A line too long for the page is drawn as two: read as one text, as a reader would.
    const text = readPdf(pdf).text.replace(/\s+/g, ' ');
    expect(text).toContain(NAME);
    expect(text).toContain(kind === 'plan' ? FREE_TEXT : 'Inclusion Hampshire');
    expect(text).toContain(kind === 'plan' ? WORDING[language].planTitle : WORDING[language].appointmentsTitle);
    expect(text).toContain(dateIn(language, '2026-11-10'));
    if (format !== 'standard') expect(Math.min(...fontSizes(pdf))).toBeGreaterThanOrEqual(16);
  });

  it('writes the Welsh wording in Welsh, and English in English', () => {
    const cy = personLetterContent('plan', 'standard', 'cy', facts);
    expect(cy.title).toBe('Eich cynllun cymorth');
    expect(cy.date).toBe('10 Tachwedd 2026');
    expect(JSON.stringify(cy)).toContain('Annwyl Llŷr Wiśniewski-O’Brien');
    expect(JSON.stringify(cy)).toContain('Mae’r llythyr hwn ar gael mewn ieithoedd a fformatau eraill');
    expect(personLetterContent('plan', 'standard', 'en', facts).title).toBe('Your support plan');
  });

  it('writes easy read one short idea a line, each with space for a picture', () => {
    const easy = personLetterContent('plan', 'easy_read', 'en', facts);
    const lines = easy.sections.flatMap((s) => s.paragraphs);
    expect(lines).toContain('This is your plan.');
    expect(lines.every((l) => l.split(/\s+/).length <= 18)).toBe(true);
    expect(STYLES.easy_read.pictures).toBe(true);
    expect(STYLES.large_print.body).toBeGreaterThanOrEqual(16);
  });

  it.each([
    ['Welsh', 'cy'],
    ['Cymraeg', 'cy'],
    [' welsh ', 'cy'],
    ['English', 'en'],
    ['Polish', 'en'],
    [null, 'en'],
  ] as const)('takes the first language %s as %s', (first, language) => {
    expect(languageOf(first)).toBe(language);
  });
});

describe('GET /api/v1/episodes/{id}/letters and the letters page', () => {
  let t: TestApp;
  let practitioner: TestUser;
  let referrer: TestUser;
  let elsewhere: TestUser;
  let episode: OpenEpisode;

  beforeAll(async () => {
    t = await createTestApp();
    const manager = await staffAt(t, SITES.hampshire, 'manager');
    practitioner = await staffAt(t, SITES.hampshire);
    elsewhere = await staffAt(t, SITES.lancashire);
    referrer = await t.user('referrer');
    const base = aReferralBody(t, SITES.hampshire);
    episode = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire, {
      body: { ...base, person: { ...base.person, givenName: 'Llŷr', familyName: 'Wiśniewski-O’Brien' } },
      lead: practitioner,
    });
    const call = (method: 'POST' | 'PUT', url: string, payload: object, headers: Record<string, string> = {}) =>
      t.api(practitioner.token, { method, url: `/api/v1/episodes/${episode.id}${url}`, payload, headers });
    const started = await call('POST', '/assessments', {});
    expect(started.statusCode, started.body).toBe(201);
    const saved = await call(
      'PUT',
      `/assessments/${String(started.json().number)}/domains/communication`,
      {
        complete: true,
        level: 'medium',
        fields: { firstLanguage: 'Welsh', interpreterNeeded: false, formats: ['large_print'] },
      },
      { 'if-match': `"${String(started.json().version)}"` },
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const goal = await call('POST', '/plan/goals', { needDomain: 'strengths', description: FREE_TEXT });
    expect(goal.statusCode, goal.body).toBe(201);
    const action = await call('POST', `/plan/goals/${String(goal.json().id)}/actions`, {
      description: 'Mynd i’r swyddfa dai',
      owner: { kind: 'person' },
      dueOn: '2026-12-01',
    });
    expect(action.statusCode, action.body).toBe(201);
  });
  afterAll(() => t.close());

  const letters = (user: TestUser, query: string) =>
    t.api(user.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}/letters?${query}` });

  it('defaults to the assessment’s large print and Welsh, with the plan as written', async () => {
    const res = await letters(practitioner, 'letter=plan');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('plan-large-print-cy.pdf');
    expect(Math.min(...fontSizes(res.rawPayload))).toBeGreaterThanOrEqual(16);
    const text = readPdf(res.rawPayload).text.replace(/\s+/g, ' ');
    expect(text).toContain('Eich cynllun cymorth');
    expect(text).toContain('Llŷr Wiśniewski-O’Brien');
    expect(text).toContain(FREE_TEXT);
    expect(text).toContain('Mynd i’r swyddfa dai');
  });

  it('makes the appointments letter in any format and language asked for', async () => {
    for (const format of LETTER_FORMATS)
      for (const language of LANGUAGES) {
        const res = await letters(practitioner, `letter=appointments&format=${format}&language=${language}`);
        expect(res.statusCode, `${format} ${language}`).toBe(200);
        const text = readPdf(res.rawPayload).text;
        expect(text).toContain(WORDING[language].appointmentsTitle);
        expect(text).toContain('Llŷr Wiśniewski-O’Brien');
      }
  });

  it('answers 400 with the field of each bad choice, 403 and 404 by who asks', async () => {
    const bad = await letters(practitioner, 'letter=poem&format=tiny&language=fr');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['letter', 'format', 'language']);
    expect((await letters(referrer, 'letter=plan')).statusCode).toBe(403);
    expect((await letters(elsewhere, 'letter=plan')).statusCode).toBe(404);
    expect(
      (await t.api(undefined, { method: 'GET', url: `/api/v1/episodes/${episode.id}/letters?letter=plan` })).statusCode,
    ).toBe(401);
  });

  it('offers the letters on a page, the assessment’s choices ticked, and shows a bad choice in the error summary', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const shown = await page.get(`/episodes/${episode.id}/letters`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(/value="large_print" checked/);
    expect(shown.body).toMatch(/value="cy" checked/);
    expect(shown.body).toContain('Letters for Llŷr Wiśniewski-O’Brien');
    const pdf = await page.get(`/episodes/${episode.id}/letters/download?letter=plan&format=easy_read&language=en`);
    expect(pdf.statusCode).toBe(200);
    expect(readPdf(pdf.rawPayload).text).toContain('This is your plan.');
    const bad = await page.get(`/episodes/${episode.id}/letters/download?letter=poem`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
  });
});
