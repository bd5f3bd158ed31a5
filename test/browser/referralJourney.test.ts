// The referral journey in real Chromium: a referrer sends a referral through every page of the form,
// a practitioner screens it, and every page on the way (error states included) passes axe (WCAG 2.2 AA).
import { beforeAll, describe, expect, it } from 'vitest';
import { fictionalReferral, syntheticNhsNumber, syntheticPrisonNumber } from '../../src/demo/fictionalReferrals.ts';
import {
  QuestionPage,
  ReferralPage,
  ScreeningQueuePage,
  signIn,
  skipBrowserTests,
  startBrowserHarness,
  type BrowserHarness,
  type Session,
  type TestUser,
  YourReferralsPage,
} from './support/browser.ts';
import { SITES } from '../support/factories.ts';

const SITE = SITES.lancashire;
const CHECK_ANSWERS = 'Check your answers before sending the referral';

describe.skipIf(skipBrowserTests)('referral journey in the browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;

  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  const sessionFor = (options: { javaScriptEnabled?: boolean } = {}): Promise<Session> => h.session(options);

  /** Sends a referral by the API, as the referrer, for the screening tests that do not need the form. */
  async function sendByApi(referrer: TestUser, seed: number, changes: { healthNeeds?: string } = {}) {
    const body = { ...fictionalReferral(SITE, seed, h.t.clock.now), ...changes };
    const res = await h.t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
    expect(res.statusCode).toBe(201);
    const view = res.json<{ id: string; reference: string }>();
    return { ...view, name: `${body.person.givenName} ${body.person.familyName}` };
  }

  it('a referrer sends a referral through every step of the form, and a practitioner accepts it', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const practitioner = await h.t.user('practitioner', { sites: [SITE] });
    const s = await sessionFor();

    await signIn(s, referrer, 'Your referrals');
    const site = await new YourReferralsPage(s).startReferral();
    await (await site.choose('site', SITE)).continueTo('About you, the referrer');

    const about = new QuestionPage(s);
    expect(await about.value('source.organisation')).toBe('Lancashire Probation Service');
    expect(await about.value('source.email')).toBe(referrer.email);
    await about.choose('source.type', 'probation');
    await (await about.fill('source.phone', '01632 960123')).continueTo('The person you are referring');

    // A date that does not exist: the NHS error summary, linked to the day field, and "Error:" in the title.
    const person = new QuestionPage(s);
    await person.fill('person.givenName', 'Robin');
    await person.fill('person.familyName', 'Ormskirk');
    await (await person.date('person.dateOfBirth', ['31', '2', '1980'])).continueTo('The person you are referring');
    expect(await s.title()).toMatch(/^Error: /);
    expect(await s.errorSummary()).toEqual([
      { text: 'Date of birth must be a real date', href: '#person-dateOfBirth-day' },
    ]);
    expect(await s.page.locator('#person-dateOfBirth-day').inputValue()).toBe('31');
    await s.page.locator('.nhsuk-error-summary__list a').first().click();
    expect(await s.page.locator(':focus').getAttribute('id')).toBe('person-dateOfBirth-day');
    await (await person.date('person.dateOfBirth', ['15', '3', '1980'])).continueTo('Their identifiers');

    const identifiers = new QuestionPage(s);
    await identifiers.fill('person.nhsNumber', syntheticNhsNumber(4242));
    await (await identifiers.fill('person.prisonNumber', syntheticPrisonNumber(4242))).continueTo('Consent');

    const consent = new QuestionPage(s);
    await consent.choose('consent.given', 'yes');
    await (await consent.date('consent.date', ['7', '11', '2026'])).continueTo('Custody and release');

    const custody = new QuestionPage(s);
    await custody.choose('custody.status', 'in_custody');
    await custody.fill('custody.establishment', 'HMP Preston');
    await custody.date('custody.expectedReleaseDate', ['8', '2', '2027']);
    await custody.fill('custody.releaseType', 'Conditional release');
    await (await custody.fill('custody.resettlementArea', 'Lancashire')).continueTo('Risk and probation');

    const risk = new QuestionPage(s);
    await risk.choose('roshLevel', 'high');
    await risk.choose('openToProbation', 'yes');
    await (await risk.choose('priorityGroup', '3')).continueTo('Complex high risk criteria');

    const criteria = new QuestionPage(s);
    for (const name of [
      'highRoshToOthers',
      'mentalHealth',
      'selfHarmOrSuicideRisk',
      'mappaLevel2or3',
      'substanceMisuse',
      'opdPathway',
    ]) {
      await criteria.choose(`criteria.${name}`, 'yes');
    }
    await criteria.choose('criteria.learningDifficulties', 'no');
    await criteria.choose('criteria.ippSentence', 'unknown');
    await (await criteria.choose('iirmsEligible', 'no')).continueTo('Health needs');

    const health = new QuestionPage(s);
    await health.choose('complexHealthNeeds', 'yes');
    await (
      await health.fill('healthNeeds', 'Psychosis, stopped medication in custody; alcohol use.')
    ).continueTo(CHECK_ANSWERS);

    const answers = await s.page.locator('main').innerText();
    for (const answer of ['HMPPS probation', '15 March 1980', '8 February 2027', '3: Complex high or very high risk'])
      expect(answers).toContain(answer);
    expect(answers).toContain('What happens next');
    expect(answers).toContain('Meets the team’s criteria');
    expect(answers).toContain('The team will screen the referral within 48 hours');
    const reasons = await s.qa('eligibility-reasons').innerText();
    expect(reasons).toContain('Resettling in Lancashire, which Enhanced RECONNECT Lancashire and Cumbria covers.');
    expect(reasons).not.toMatch(/Not met|Not known/);
    await s.qa('send-referral').click();

    await s.expectOn('Referral sent');
    const reference = (await s.qa('reference').innerText()).trim();
    expect(reference).toMatch(/^RC-\d+$/);
    const referralHref = await s.page.getByRole('link', { name: 'View the referral' }).getAttribute('href');
    const referralId = referralHref!.split('/').pop()!;
    await s.page.getByRole('link', { name: 'Go to your referrals' }).click();
    await s.expectOn('Your referrals');
    const mine = await s.qa('my-referrals').innerText();
    expect(mine).toContain(reference);
    expect(mine).toContain('Robin Ormskirk');
    await s.close();

    const p = await sessionFor();
    await signIn(p, practitioner, 'Screening queue');
    const queue = new ScreeningQueuePage(p);
    expect(await queue.row('Robin Ormskirk').innerText()).toContain(reference);
    const referral = await queue.openReferral('Robin Ormskirk');
    expect(p.page.url()).toContain(referralId);
    expect(await referral.status()).toBe('Awaiting screening');
    expect(await referral.eligibilityReasons()).toContain('In priority group 3 (complex high / very high risk)');
    expect(await referral.timeline()).toContain('Referral received from');
    await referral.decide('accept', {}, 'Robin Ormskirk');
    expect(await referral.status()).toBe('Accepted');
    expect(await referral.decision()).toContain('Accepted');
    expect(await referral.timeline()).toContain('Referral accepted at screening.');
    await p.close();
  });

  it('a practitioner declines with a reason and signposting, asks for more information, and the referrer answers', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const practitioner = await h.t.user('practitioner', { sites: [SITE] });
    const declined = await sendByApi(referrer, 101);
    const queried = await sendByApi(referrer, 102);
    const p = await sessionFor();
    await signIn(p, practitioner, 'Screening queue');

    // Decline with nothing filled in: both missing fields listed, each linked to its box.
    const first = await ReferralPage.open(p, declined.id, declined.name);
    await first.decide('decline', {}, declined.name);
    expect(await p.title()).toMatch(/^Error: /);
    expect(await p.errorSummary()).toEqual([
      { text: 'Enter why the referral is declined', href: '#reason' },
      { text: 'Enter where the person or referrer can go instead', href: '#signposting' },
    ]);
    await first.decide(
      'decline',
      { reason: 'Not resettling to Lancashire or Cumbria.', signposting: 'Local community mental health team.' },
      declined.name,
    );
    expect(await first.status()).toBe('Declined');
    expect(await first.decision()).toContain('Not resettling to Lancashire or Cumbria.');
    expect(await first.decision()).toContain('Local community mental health team.');

    const second = await (await ScreeningQueuePage.open(p)).openReferral(queried.name);
    await second.decide('more_information', { question: 'Is there a confirmed address on release?' }, queried.name);
    expect(await second.status()).toBe('Waiting for the referrer');
    await p.close();

    const r = await sessionFor();
    await signIn(r, referrer, 'Your referrals');
    const referrals = new YourReferralsPage(r);
    expect(await referrals.row(queried.reference).innerText()).toContain('More information needed');
    const mine = await referrals.openReferral(queried.reference, queried.name);
    expect(await mine.question()).toBe('Is there a confirmed address on release?');
    await mine.answer('', queried.name);
    expect(await r.title()).toMatch(/^Error: /);
    expect(await r.errorSummary()).toEqual([{ text: 'Enter your answer', href: '#answer' }]);
    await mine.answer('Yes: approved premises in Preston.', queried.name);
    expect(await mine.status()).toBe('Awaiting screening');
    expect(await r.page.locator('main').innerText()).toContain('Yes: approved premises in Preston.');
    await r.close();
  });

  it('works with JavaScript switched off: sign in and the first steps of the form', async () => {
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const s = await sessionFor({ javaScriptEnabled: false });
    await signIn(s, referrer, 'Your referrals');
    const site = await new YourReferralsPage(s).startReferral();
    await site.continueTo('Which team are you referring to?');
    expect(await s.title()).toMatch(/^Error: /);
    expect((await s.errorSummary()).map((e) => e.href)).toEqual(['#site']);
    await (await site.choose('site', SITE)).continueTo('About you, the referrer');
    const about = new QuestionPage(s);
    await (await about.choose('source.type', 'probation')).continueTo('The person you are referring');
    expect((await s.page.locator('body').getAttribute('class')) ?? '').not.toContain('js-enabled');
    await s.close();
  });

  it('shows script typed into a free-text answer as text, and never runs it', async () => {
    const payload = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    const referrer = await h.t.user('referrer', { organisation: 'Lancashire Probation Service' });
    const sent = await sendByApi(referrer, 103, { healthNeeds: payload });
    const p = await sessionFor();
    await signIn(p, referrer, 'Your referrals');
    await ReferralPage.open(p, sent.id, sent.name);
    expect(await p.page.locator('main').innerText()).toContain(payload);
    expect(await p.page.locator('main img[src="x"]').count()).toBe(0);
    expect(await p.page.locator('main script').count()).toBe(0);
    // A string expression: this project's TypeScript has no DOM types.
    expect(await p.page.evaluate('typeof window.__pwned')).toBe('undefined');
    await p.close();
  });
});
