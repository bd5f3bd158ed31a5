// The multi-page referral form, as a referrer walks it in a browser without JavaScript: one page per
// step, saved as a draft at each, errors in the NHS error summary, check your answers, then send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../../test/support/testApp.ts';
import { PageSession } from '../../../test/support/browserSession.ts';
import { syntheticNhsNumber } from '../../demo/fictionalReferrals.ts';
import { referralDrafts } from '../../db/schema.ts';

type Form = Record<string, string>;

let t: TestApp;
let referrer: TestUser;
let otherReferrer: TestUser;
let page: PageSession;
let seed = 500;

/** A date as the server reads it ("id-day"…). The page's inputs are named "id[day]"…: see the test of that below. */
const date = (id: string, d: string, m: string, y: string): Form => ({
  [`${id}-day`]: d,
  [`${id}-month`]: m,
  [`${id}-year`]: y,
});
const yes = (...ids: string[]): Form => Object.fromEntries(ids.map((id) => [id, 'yes']));

/** Every step's answers for a referral that meets the site's criteria, in the order the form asks. */
function answersFor(site: 'er-lancashire-cumbria' | 'reconnect-hampshire'): [string, Form][] {
  const er = site.startsWith('er-');
  return [
    ['site', { site }],
    [
      'referrer',
      {
        'source-type': er ? 'probation' : 'prison_healthcare',
        'source-organisation': 'Probation North West',
        'source-name': 'Pat Referrer',
        'source-email': 'pat@example.org',
        'source-phone': '01632 960001',
      },
    ],
    [
      'person',
      {
        'person-givenName': 'Alex',
        'person-familyName': `Ashworth${seed}`,
        ...date('person-dateOfBirth', '29', '2', '1980'),
      },
    ],
    [
      'identifiers',
      {
        'person-nhsNumber': syntheticNhsNumber(seed++),
        'person-prisonNumber': 'A1234BC',
        'person-crn': '',
        'person-pncId': '',
      },
    ],
    ['consent', { 'consent-given': 'yes', ...date('consent-date', '1', '11', '2026') }],
    [
      'custody',
      {
        'custody-status': 'in_custody',
        'custody-establishment': er ? 'HMP Preston' : 'HMP Winchester',
        ...date('custody-expectedReleaseDate', er ? '1' : '10', er ? '3' : '1', '2027'),
        'custody-releaseType': 'conditional release',
        'custody-resettlementArea': er ? 'Lancashire' : 'Southampton',
      },
    ],
    ['risk', { roshLevel: er ? 'high' : 'medium', openToProbation: 'yes', ...(er ? { priorityGroup: '3' } : {}) }],
    ...(er
      ? [
          [
            'criteria',
            {
              ...yes(
                'criteria-highRoshToOthers',
                'criteria-mentalHealth',
                'criteria-mappaLevel2or3',
                'criteria-substanceMisuse',
                'criteria-opdPathway',
              ),
              'criteria-selfHarmOrSuicideRisk': 'no',
              'criteria-learningDifficulties': 'no',
              'criteria-ippSentence': 'unknown',
              iirmsEligible: 'no',
            },
          ] as [string, Form],
        ]
      : []),
    [
      'health',
      {
        ...(er ? { complexHealthNeeds: 'yes' } : { unlikelyToEngage: 'yes' }),
        healthNeeds: 'Depression; alcohol use; struggles with reading letters.',
      },
    ],
  ];
}

function hidden(body: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '';
}

async function startDraft(session = page): Promise<string> {
  const res = await session.post('/referrals/new', {}, '/referrals/new');
  expect(res.statusCode).toBe(303);
  const id = /^\/referrals\/drafts\/([0-9a-f-]{36})\/site$/.exec(String(res.headers.location))?.[1];
  expect(id).toBeDefined();
  return id!;
}

/** Posts a form as the browser would from the page it showed: with that page's CSRF token and version. */
function postFrom(shown: { body: string }, url: string, form: Form, session = page) {
  return session.post(
    url,
    { version: hidden(shown.body, 'version'), _csrf: hidden(shown.body, '_csrf'), ...form },
    undefined,
    { withCsrf: false },
  );
}

/** Opens a step's page and answers it. */
async function answer(draftId: string, slug: string, form: Form, session = page) {
  const url = `/referrals/drafts/${draftId}/${slug}`;
  const shown = await session.get(url);
  expect(shown.statusCode).toBe(200);
  return postFrom(shown, url.replace(/\?.*$/, ''), form, session);
}

/** Answers the first `upTo` steps, checking each page's place in the form and where it leads. */
async function walk(draftId: string, steps: [string, Form][], upTo = steps.length) {
  for (const [i, [slug, form]] of steps.slice(0, upTo).entries()) {
    const url = `/referrals/drafts/${draftId}/${slug}`;
    const shown = await page.get(url);
    // Until a team is chosen the form cannot know how many steps it has.
    if (slug !== 'site') expect(shown.body).toContain(`step ${i + 1} of ${steps.length}`);
    const res = await postFrom(shown, url, form);
    expect(res.statusCode, `${slug}: ${res.body.match(/nhsuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]}`).toBe(303);
    expect(res.headers.location).toBe(`/referrals/drafts/${draftId}/${steps[i + 1]?.[0] ?? 'check'}`);
  }
}

async function storedDraft(id: string) {
  const [row] = await t.services.db.select().from(referralDrafts).where(eq(referralDrafts.id, id));
  return row;
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  otherReferrer = await t.user('referrer', { organisation: 'Probation North West' });
  page = new PageSession(t.app);
  expect((await page.signIn(referrer.email, referrer.password)).statusCode).toBe(303);
});
afterAll(() => t.close());

describe('making a referral, page by page', () => {
  it.each([['er-lancashire-cumbria', 'criteria', 48] as const, ['reconnect-hampshire', null, 72] as const])(
    'to %s: every step, check your answers, send, confirmation',
    async (site, extraStep, hours) => {
      const draftId = await startDraft();
      const steps = answersFor(site);
      expect(steps.some(([slug]) => slug === 'criteria')).toBe(extraStep === 'criteria');
      await walk(draftId, steps);
      if (!extraStep) expect((await page.get(`/referrals/drafts/${draftId}/criteria`)).statusCode).toBe(404);

      const check = await page.get(`/referrals/drafts/${draftId}/check`);
      expect(check.statusCode).toBe(200);
      expect(check.body).toContain('Check your answers before sending the referral');
      for (const [slug] of steps) expect(check.body).toContain(`href="/referrals/drafts/${draftId}/${slug}?change=1"`);
      expect(check.body).toContain('What happens next');
      expect(check.body).toContain('Meets the team’s criteria');
      expect(check.body).toContain(`The team will screen the referral within ${hours} hours`);
      expect(check.body).toContain('29 February 1980');

      const sent = await page.post(
        `/referrals/drafts/${draftId}/submit`,
        { version: hidden(check.body, 'version') },
        `/referrals/drafts/${draftId}/check`,
      );
      expect(sent.statusCode).toBe(303);
      const referralId = /^\/referrals\/([0-9a-f-]{36})\/confirmation$/.exec(String(sent.headers.location))?.[1];
      expect(referralId).toBeDefined();
      const confirmation = await page.get(String(sent.headers.location));
      expect(confirmation.statusCode).toBe(200);
      const reference = /data-qa="reference">(RC-\d+)</.exec(confirmation.body)?.[1];
      expect(reference).toMatch(/^RC-\d+$/);

      // The answers are cleared from the draft; it only remembers the referral it became.
      expect(await storedDraft(draftId)).toMatchObject({ data: {}, sentReferralId: referralId });
      const backAgain = await page.get(`/referrals/drafts/${draftId}/check`);
      expect(backAgain.statusCode).toBe(200);
      expect(backAgain.body).toContain(`This referral was sent as <span data-qa="reference">${reference}</span>`);
      expect(backAgain.body).toContain(`href="/referrals/${referralId}"`);
      // Issue 10: "after sending, Back then Send says 'page not found'". Now it says where the referral went.
      const sendAgain = await postFrom(check, `/referrals/drafts/${draftId}/submit`, {});
      expect(sendAgain.statusCode).toBe(303);
      const said = await page.get(String(sendAgain.headers.location));
      expect(said.statusCode).toBe(200);
      expect(said.body).toContain(`This referral was sent as <span data-qa="reference">${reference}</span>`);
      const stepAgain = await postFrom(check, `/referrals/drafts/${draftId}/health`, { healthNeeds: 'Late change' });
      expect(stepAgain.headers.location).toBe(`/referrals/drafts/${draftId}/sent`);
      const mine = await page.get('/referrals');
      expect(mine.body).toContain(`href="/referrals/${referralId}">${reference}</a>`);
      expect(mine.body).not.toContain(`/referrals/drafts/${draftId}/`);
    },
  );

  it('takes a date typed into the day, month and year boxes the page shows, under the names the page gives them', async () => {
    const draftId = await startDraft();
    await walk(draftId, answersFor('er-lancashire-cumbria'), 2);
    const url = `/referrals/drafts/${draftId}/person`;
    const shown = await page.get(url);
    const names = [...shown.body.matchAll(/name="(person-dateOfBirth[^"]*)"/g)].map((m) => m[1]!);
    expect(names).toHaveLength(3);
    const typed = Object.fromEntries(names.map((name, i) => [name, ['29', '2', '1980'][i]!]));
    const res = await postFrom(shown, url, { 'person-givenName': 'Sam', 'person-familyName': 'Dunmore', ...typed });
    expect(res.statusCode, res.body.match(/nhsuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    expect((await storedDraft(draftId))!.data).toMatchObject({ person: { dateOfBirth: '1980-02-29' } });
  });

  it('asks the Enhanced RECONNECT priority group only of Enhanced RECONNECT referrals', async () => {
    const draftId = await startDraft();
    await walk(draftId, answersFor('reconnect-hampshire'), 1);
    const risk = await page.get(`/referrals/drafts/${draftId}/risk`);
    expect(risk.body).toContain('Risk of serious harm (RoSH) level');
    expect(risk.body).not.toContain('Enhanced RECONNECT priority group');
  });
});

describe('mistakes on a page', () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = await startDraft();
    await walk(draftId, answersFor('er-lancashire-cumbria'), 3);
  });

  it.each([
    [
      'a date that does not exist',
      'person',
      { 'person-givenName': 'Alex', 'person-familyName': 'Bramley', ...date('person-dateOfBirth', '31', '2', '1980') },
      '#person-dateOfBirth-day',
      'Date of birth must be a real date',
    ],
    [
      'a missing first name',
      'person',
      { 'person-givenName': '', 'person-familyName': 'Bramley', ...date('person-dateOfBirth', '1', '2', '1980') },
      '#person-givenName',
      'Enter their first name',
    ],
    [
      'an NHS number with a wrong check digit',
      'identifiers',
      { 'person-nhsNumber': '943 476 5918', 'person-prisonNumber': '', 'person-crn': '', 'person-pncId': '' },
      '#person-nhsNumber',
      'Enter a valid NHS number',
    ],
    [
      'no identifier at all',
      'identifiers',
      { 'person-nhsNumber': '', 'person-prisonNumber': '', 'person-crn': '', 'person-pncId': '' },
      '#person-nhsNumber',
      'Enter at least one of NHS number, prison number or CRN',
    ],
  ])(
    '%s: 400, the error summary links to the field, and nothing is saved',
    async (_what, slug, form, href, message) => {
      const before = await storedDraft(draftId);
      const res = await answer(draftId, slug, form);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('class="nhsuk-error-summary"');
      expect(res.body).toMatch(new RegExp(`<a href="${href}"[^>]*>\\s*${message}`));
      expect(res.body).toContain(`id="${href.slice(1)}"`);
      const after = await storedDraft(draftId);
      expect(after!.version).toBe(before!.version);
      expect(after!.data).toEqual(before!.data);
    },
  );

  it('keeps what was typed when it shows the page again', async () => {
    const res = await answer(draftId, 'person', {
      'person-givenName': 'Alex',
      'person-familyName': 'Bramley',
      ...date('person-dateOfBirth', '31', '2', '1980'),
    });
    expect(res.body).toMatch(/id="person-dateOfBirth-day"[^>]*value="31"/);
    expect(res.body).toContain('value="Bramley"');
  });
});

describe('changing an answer and coming back to a draft', () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = await startDraft();
    await walk(draftId, answersFor('er-lancashire-cumbria'));
  });

  it('a change link returns to check your answers after saving, showing the new answer', async () => {
    const change = await page.get(`/referrals/drafts/${draftId}/person?change=1`);
    expect(change.body).toContain('name="change" value="1"');
    expect(change.body).toContain(`href="/referrals/drafts/${draftId}/check"`);
    const res = await answer(draftId, 'person?change=1', {
      change: '1',
      'person-givenName': 'Jordan',
      'person-familyName': 'Calloway',
      ...date('person-dateOfBirth', '15', '3', '1984'),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/referrals/drafts/${draftId}/check`);
    const check = await page.get(String(res.headers.location));
    expect(check.body).toContain('Jordan');
    expect(check.body).toContain('15 March 1984');
  });

  it('lists the draft under Drafts on the referrer’s page, to resume at check your answers', async () => {
    const mine = await page.get('/referrals');
    expect(mine.body).toContain('Drafts');
    expect(mine.body).toMatch(new RegExp(`href="/referrals/drafts/${draftId}/check">Jordan Calloway</a>`));
    expect((await page.get(`/referrals/drafts/${draftId}/check`)).statusCode).toBe(200);
  });

  it('is not found for another referrer, who can neither read nor change it', async () => {
    const other = new PageSession(t.app);
    await other.signIn(otherReferrer.email, otherReferrer.password);
    for (const slug of ['site', 'person', 'check']) {
      const res = await other.get(`/referrals/drafts/${draftId}/${slug}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Page not found');
    }
    const before = await storedDraft(draftId);
    const posted = await other.post(
      `/referrals/drafts/${draftId}/person`,
      { 'person-givenName': 'Mallory', version: String(before!.version) },
      '/referrals/new',
    );
    expect(posted.statusCode).toBe(404);
    const sent = await other.post(
      `/referrals/drafts/${draftId}/submit`,
      { version: String(before!.version) },
      '/referrals/new',
    );
    expect(sent.statusCode).toBe(404);
    expect((await storedDraft(draftId))!.version).toBe(before!.version);
    expect((await other.get('/referrals')).body).not.toContain(draftId);
  });

  // Issue 10, "Back button in the referral form": "going back a step, changing an answer and continuing says
  // 'someone else changed this' and discards the change … A user's own earlier tab is not 'someone else'".
  it('takes a changed answer from a page reached with Back (an older copy of the draft), keeping later pages', async () => {
    const healthUrl = `/referrals/drafts/${draftId}/health`;
    const cachedHealth = await page.get(healthUrl); // the page the browser's Back button shows again later
    const first = await answer(draftId, 'health', {
      complexHealthNeeds: 'yes',
      healthNeeds: 'Saved from the first tab.',
    });
    expect(first.statusCode).toBe(303);
    const later = await answer(draftId, 'person', {
      'person-givenName': 'Jordana',
      'person-familyName': 'Calloway',
      ...date('person-dateOfBirth', '15', '3', '1984'),
    });
    expect(later.statusCode).toBe(303);
    const back = await postFrom(cachedHealth, healthUrl, {
      complexHealthNeeds: 'yes',
      healthNeeds: 'Changed after going back.',
    });
    expect(back.statusCode).toBe(303);
    expect(back.body).not.toContain('Someone else changed this');
    const check = await page.get(`/referrals/drafts/${draftId}/check`);
    expect(check.body).toContain('Changed after going back.');
    expect(check.body).not.toContain('Saved from the first tab.');
    expect(check.body).toContain('Jordana');
  });
});
