// Issue 10, "All my teams": a practitioner who works for two teams picks "All your teams" on the screening
// queue at a desk, sees both teams' referrals, each named by its team, and never the restricted one; the
// next day, signing in on a phone, the queue opens on all their teams again (the choice is kept on the
// server, not in the desk's browser) and fits the 390 px screen. Every page is checked with axe at both widths.
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness, type Session } from './support/browser.ts';
import { SITES, aReferral, staffAt } from '../support/factories.ts';

async function fitsTheScreen(s: Session, width: number): Promise<void> {
  const scrollWidth = await s.page.evaluate<number>('document.documentElement.scrollWidth');
  expect(scrollWidth, `${s.page.url()} is ${scrollWidth}px wide`).toBeLessThanOrEqual(width);
}

describe.skipIf(skipBrowserTests)('all my teams', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('a worker of two teams sees both queues as one, at a desk and then on a phone', async () => {
    const { t } = h;
    const referrer = await t.user('referrer', { organisation: 'Probation North West' });
    const worker = await t.user('practitioner', { sites: [SITES.lancashire, SITES.hampshire] });
    await staffAt(t, SITES.lancashire, 'manager');
    const north = await aReferral(t, referrer, SITES.lancashire);
    const south = await aReferral(t, referrer, SITES.hampshire);
    const restricted = await aReferral(t, referrer, SITES.lancashire, { restricted: true });

    const desk = await h.session({ viewport: { width: 1280, height: 900 } });
    await signIn(desk, worker, 'Screening queue');
    await desk.goto('/screening');
    await desk.expectOn('Screening queue');
    await fitsTheScreen(desk, 1280);
    expect(await desk.page.locator('#site option:checked').innerText()).not.toBe('All your teams');
    await desk.page.locator('#site').selectOption({ label: 'All your teams' });
    await desk.page.getByRole('button', { name: 'Apply filters' }).click();
    await desk.expectOn('Screening queue');
    const rows = desk.qa('queue-row');
    const text = await desk.qa('screening-queue').innerText();
    expect(text).toContain(north.name);
    expect(text).toContain(south.name);
    expect(text).not.toContain(restricted.name);
    expect(await rows.count()).toBe(2);
    expect(await desk.qa('team').allInnerTexts()).toEqual(
      expect.arrayContaining(['Enhanced RECONNECT Lancashire and Cumbria', 'RECONNECT Hampshire']),
    );
    await desk.close();

    const phone = await h.session({ viewport: { width: 390, height: 844 } });
    await signIn(phone, worker, 'Screening queue');
    await phone.goto('/screening');
    await phone.expectOn('Screening queue');
    expect(await phone.page.locator('#site option:checked').innerText()).toBe('All your teams');
    expect(await phone.qa('queue-row').count()).toBe(2);
    await fitsTheScreen(phone, 390);
    await phone.close();
  });
});
