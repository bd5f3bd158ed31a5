// Issue 15, "Demo and proof": "a researcher downloads the extract", in real Chromium with axe on every page. The
// researcher lands on the evaluation page (not "nothing for your role"), reads the data dictionary, sees the
// k-anonymity warning before the download, narrows the range (the error summary for a bad date first), and
// downloads the CSV, whose columns are the dictionary's and which names nobody.
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness } from './support/browser.ts';
import { SITES, anOpenEpisode, staffAt } from '../support/factories.ts';
import { EXTRACT_COLUMNS } from '../../src/evaluation/dictionary.ts';

describe.skipIf(skipBrowserTests)('the evaluation extract in the browser', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('a researcher reads the dictionary, sees the k-anonymity check and downloads the extract', async () => {
    const { t } = h;
    const manager = await staffAt(t, SITES.lancashire, 'manager');
    const referrer = await t.user('referrer');
    const researcher = await t.user('researcher');
    const episode = await anOpenEpisode(t, { referrer, manager }, SITES.lancashire);

    const s = await h.session();
    await signIn(s, researcher, 'Evaluation extract');
    expect(await s.page.content()).not.toContain('There is nothing for your role here yet');

    const toDictionary = s.page.waitForEvent('load');
    await s.qa('dictionary-link').click();
    await toDictionary;
    await s.expectOn('Data dictionary of the minimum dataset');
    expect(await s.qa('dictionary').innerText()).toContain('days_release_to_substance_misuse_treatment');
    await s.goto('/evaluation');
    await s.expectOn('Evaluation extract');

    // One episode: the check warns before anything is downloaded.
    expect(await s.qa('k-anonymity-warning').innerText()).toContain('fewer than 5 episodes');
    expect(await s.qa('small-groups').innerText()).toContain('Lancashire');

    await s.page.fill('#from', '2026-13-01');
    const checked = s.page.waitForEvent('load');
    await s.qa('check-range').click();
    await checked;
    await s.expectOn('Evaluation extract');
    expect((await s.errorSummary())[0]?.href).toBe('#from');

    await s.page.fill('#from', '2026-01-01');
    await s.page.fill('#to', '2026-12-31');
    const rechecked = s.page.waitForEvent('load');
    await s.qa('check-range').click();
    await rechecked;
    await s.expectOn('Evaluation extract');

    const download = s.page.waitForEvent('download');
    await s.qa('download-extract').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^reconnect-evaluation-v[\d.]+-2026-01-01-2026-12-31\.csv$/);
    const path = await file.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(EXTRACT_COLUMNS.join(','));
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).not.toContain(episode.body.person.familyName);
    expect(csv).not.toContain(episode.body.person.nhsNumber ?? 'no NHS number');
    await s.close();
  });
});
