// Issue 10, "Phone width (390 px): the screening and episode tables scroll sideways; use the design system's
// responsive table. Printing adds '(Link: /episodes/…)' after every link: add a print stylesheet, and a
// printable view of the episode record." In real Chromium at 390 px: the screening queue and the caseload fit
// the screen, each cell labelled with its column; printed, the episode record shows no link addresses and no
// forms. Every page is checked with axe (WCAG 2.2 AA).
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness, type Session } from './support/browser.ts';
import { SITES, aReferral, anOpenEpisode } from '../support/factories.ts';

const SITE = SITES.hampshire;

async function fitsTheScreen(s: Session): Promise<void> {
  const width = await s.page.evaluate<number>('document.documentElement.scrollWidth');
  expect(width, `${s.page.url()} is ${width}px wide`).toBeLessThanOrEqual(390);
}

describe.skipIf(skipBrowserTests)('on a phone, and on paper', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('shows the screening queue, the caseload, the worklist and the team referrals without scrolling sideways, and prints the record clean', async () => {
    const { t } = h;
    const referrer = await t.user('referrer', { organisation: 'Probation South Central' });
    const worker = await t.user('practitioner', { sites: [SITE] });
    for (let i = 0; i < 3; i++) await aReferral(t, referrer, SITE);
    const episode = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });

    const s = await h.session({ viewport: { width: 390, height: 844 } });
    await signIn(s, worker, 'Screening queue');
    await s.goto(`/screening?site=${SITE}`);
    await s.expectOn('Screening queue');
    await fitsTheScreen(s);
    const firstCell = s.qa('queue-row').first().locator('td').nth(2);
    expect(await firstCell.innerText()).toMatch(/^Received\s/);

    await s.goto(`/caseload?site=${SITE}&show=all`);
    await s.expectOn(/Episodes of care|caseload/i);
    await fitsTheScreen(s);
    expect(await s.qa('caseload-row').first().locator('td').first().innerText()).toMatch(/^Person\s/);

    // The worklist (issue 10, "Responsive worklist"): each view fits, and the counts by rule label each cell.
    await s.goto(`/worklist?view=rule&site=${SITE}&asOf-day=1&asOf-month=6&asOf-year=2027`);
    await s.expectOn('Worklist');
    await fitsTheScreen(s);
    const ruleCells = s.qa('rule-count').first().locator('td');
    expect(await ruleCells.nth(0).innerText()).toMatch(/^Rule\s/);
    expect(await ruleCells.nth(1).innerText()).toMatch(/^Items\s/);
    await s.goto(`/worklist?view=team&site=${SITE}&asOf-day=1&asOf-month=6&asOf-year=2027`);
    await s.expectOn('Worklist');
    expect(await s.qa('worklist-item').count()).toBeGreaterThan(0);
    await fitsTheScreen(s);

    // The team's referrals, the other staff list with a table.
    await s.goto(`/referrals/team?site=${SITE}`);
    await s.expectOn('Referrals to your team');
    await fitsTheScreen(s);
    expect(await s.qa('team-referral').first().locator('td').nth(2).innerText()).toMatch(/^Received\s/);

    // The team's caseloads and the handovers list use the responsive table too.
    await s.goto(`/handovers`);
    await s.expectOn('Handovers');
    await fitsTheScreen(s);

    await s.goto(`/episodes/${episode.id}`);
    await s.expectOn(episode.name);
    await s.qa('print-link').click();
    await s.expectOn(episode.name);
    expect(s.page.url()).toContain(`/episodes/${episode.id}/print`);
    expect(await s.page.locator('main form:visible').count()).toBe(0);
    await s.page.emulateMedia({ media: 'print' });
    const after = await s.page.evaluate<string[]>(
      "[...document.querySelectorAll('main a[href]')].map((a) => getComputedStyle(a, '::after').content)",
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((c) => c.includes('Link'))).toEqual([]);
    await s.close();
  });
});
