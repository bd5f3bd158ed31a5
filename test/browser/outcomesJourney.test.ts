// Issue 15, "Demo and proof", in real Chromium with axe on every page: a practitioner records SWEMWBS twice
// through the form (the error summary first) and sees the chart and its table; a commissioner lands on the
// national report, reads its SPC charts and tables, and downloads its CSV, in which no one's name, NHS number or
// date of birth appears.
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness, type Session } from './support/browser.ts';
import { SITES, anOpenEpisode, staffAt } from '../support/factories.ts';

async function submit(s: Session, qa: string, heading: string): Promise<void> {
  const loaded = s.page.waitForEvent('load');
  await s.qa(qa).click();
  await loaded;
  await s.expectOn(heading);
}

async function recordSwemwbs(s: Session, episodeId: string, name: string, day: string, answer: string) {
  await s.goto(`/episodes/${episodeId}/outcomes`);
  await s.expectOn(name);
  const loaded = s.page.waitForEvent('load');
  await s.qa('record-swemwbs').click();
  await loaded;
  await s.expectOn(name);
  await s.page.fill('#administeredOn-day', day);
  await s.page.fill('#administeredOn-month', '11');
  await s.page.fill('#administeredOn-year', '2026');
  for (let i = 1; i <= 7; i++) await s.page.check(`input[name="item-${String(i)}"][value="${answer}"]`);
  await submit(s, 'save-measure', name);
}

describe.skipIf(skipBrowserTests)('outcomes and reports in the browser', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('records SWEMWBS twice and sees the chart; a commissioner reads the national report and its CSV', async () => {
    const { t } = h;
    const manager = await staffAt(t, SITES.lancashire, 'manager');
    const worker = await staffAt(t, SITES.lancashire);
    const referrer = await t.user('referrer');
    const commissioner = await t.user('commissioner');
    const episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire, { lead: worker });
    const elsewhere = await anOpenEpisode(
      t,
      { referrer, manager: await staffAt(t, SITES.hampshire, 'manager') },
      SITES.hampshire,
    );

    const s = await h.session();
    await signIn(s, worker, 'Screening queue');
    // The error summary first: nothing answered.
    await s.goto(`/episodes/${episode.id}/measures/new?instrument=swemwbs`);
    await s.expectOn(episode.name);
    await submit(s, 'save-measure', episode.name);
    const errors = await s.errorSummary();
    expect(errors[0]).toEqual({ text: 'Enter the date it was completed', href: '#administeredOn-day' });
    expect(errors).toContainEqual({ text: 'Answer item 7', href: '#item-7' });

    await recordSwemwbs(s, episode.id, episode.name, '2', '2');
    await recordSwemwbs(s, episode.id, episode.name, '9', '3');
    expect(await s.qa('chart-swemwbs').locator('svg').count()).toBe(1);
    const table = await s.qa('table-swemwbs').innerText();
    expect(table).toContain('15.32');
    expect(table).toContain('19.25');
    expect(table).toContain('reliable improvement');
    await s.close();

    const c = await h.session();
    await signIn(c, commissioner, 'England (all sites)');
    expect(await c.qa('disclosure-control').innerText()).toContain('withheld');
    expect(await c.page.locator('.app-spc svg').count()).toBe(5);
    const { file, name } = await c.download(() => c.qa('download-csv').click());
    expect(name).toMatch(/\.csv$/);
    const csv = file.toString('utf8');
    expect(csv).toContain('referrals_received');
    // No personal data: nothing of either person the test made, in the page or the file.
    const personal = [episode, elsewhere].flatMap(({ name: full, body: { person: p } }) =>
      [full, p.givenName, p.familyName, p.nhsNumber, p.dateOfBirth].filter((v): v is string => !!v),
    );
    expect(personal.length).toBeGreaterThanOrEqual(8);
    const page = await c.page.content();
    for (const v of personal) {
      expect(csv, v).not.toContain(v);
      expect(page, v).not.toContain(v);
    }
    await c.close();
  });
});
