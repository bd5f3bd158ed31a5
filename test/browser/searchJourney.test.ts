// Issue 10, "Find anyone, read everything", in real Chromium: a practitioner finds a person from the search
// box in the header of a staff page (with JavaScript off, as a plain form), by part of the name in any
// order, accents and apostrophes as typed or not, and by NHS number with spaces; follows the result to the
// episode and to a contact's own page, where its notes are in full; is asked for more when too little was
// typed; and opens the team's referral list with its filters. A restricted record of the same family name
// is never a hit. Every page is checked with axe (WCAG 2.2 AA).
import { beforeAll, describe, expect, it } from 'vitest';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness, type Session } from './support/browser.ts';
import { SITES } from '../support/factories.ts';
import { EpisodeOverview } from './pages/record.ts';
import { FindPersonPage } from './pages/search.ts';

const SITE = SITES.hampshire;
const NOTE = 'Met on the wing.\nHe wants to live near his sister in Southampton.';

const searchFromHeader = (s: Session, q: string) => FindPersonPage.fromHeader(s, q);

describe.skipIf(skipBrowserTests)('finding a person in the browser', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('searches from the header, follows a result to the episode and a contact, and lists the team’s referrals', async () => {
    const { t } = h;
    const referrer = await t.user('referrer', { organisation: 'Probation South Central' });
    const worker = await t.user('practitioner', { sites: [SITE] });

    // Set-up through the API: Jan's referral, accepted, an episode with a contact; and a restricted referral.
    const body = fictionalReferral(SITE, 9100, t.clock.now);
    body.person = { ...body.person, givenName: 'Jan', familyName: 'Wiśniewski-O’Brien' };
    const made = await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
    expect(made.statusCode, made.body).toBe(201);
    const { id: referralId, version } = made.json<{ id: string; version: number }>();
    const screened = await t.api(worker.token, {
      method: 'POST',
      url: `/api/v1/referrals/${referralId}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(screened.statusCode, screened.body).toBe(200);
    const opened = await t.api(worker.token, { method: 'POST', url: '/api/v1/episodes', payload: { referralId } });
    expect(opened.statusCode, opened.body).toBe(201);
    const episodeId = opened.json<{ id: string }>().id;
    const contact = await t.api(worker.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episodeId}/contacts`,
      payload: {
        at: t.clock.now.toISOString(),
        type: 'in_prison',
        outcome: 'attended',
        durationMinutes: 40,
        notes: NOTE,
      },
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const secret = fictionalReferral(SITE, 9101, t.clock.now);
    const restricted = await t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: {
        ...secret,
        priorityGroup: 1,
        person: { ...secret.person, givenName: 'Teodor', familyName: 'Wisniewski' },
      },
    });
    expect(restricted.statusCode, restricted.body).toBe(201);

    // 1. Without JavaScript: the header's search box is a plain form.
    const plain = await h.session({ javaScriptEnabled: false });
    await signIn(plain, worker, 'Screening queue');
    const plainResults = await searchFromHeader(plain, 'obrien jan');
    expect(await plainResults.resultCount()).toBe('1 person found by name');
    await plain.close();

    // 2. With JavaScript: the accents as written, then NHS number with spaces, then too little.
    const s = await h.session();
    await signIn(s, worker, 'Screening queue');
    const results = await searchFromHeader(s, 'WIŚNIEWSKI');
    expect(await results.results().count()).toBe(1);
    const result = results.results().first();
    expect(await result.innerText()).toContain('Jan Wiśniewski-O’Brien');
    expect(await s.page.content()).not.toContain('Teodor');

    const nhs = body.person.nhsNumber!;
    await results.search(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`);
    expect(await results.resultCount()).toBe('1 person found by NHS number');

    await results.search('j');
    expect(await s.errorSummary()).toEqual([{ text: 'Enter at least 2 letters of a name', href: '#q' }]);

    // 3. From a result to the episode, and to the contact's own page with its notes in full.
    await searchFromHeader(s, 'jan obrien');
    await s.follow(s.page.locator(`a[href="/episodes/${episodeId}"]`), 'Jan Wiśniewski-O’Brien');
    const overview = new EpisodeOverview(s, 'Jan Wiśniewski-O’Brien');
    expect(await overview.recentContacts()).toContain('He wants to live near his sister in Southampton.');
    const latest = await overview.openLatestContact();
    expect(await latest.notes()).toBe(NOTE);

    // 4. The team's referrals, filtered to those accepted.
    await s.goto('/referrals/team?status=accepted');
    await s.expectOn('Referrals to your team');
    expect(await s.qa('team-referral').count()).toBe(1);
    await s.close();
  });
});
