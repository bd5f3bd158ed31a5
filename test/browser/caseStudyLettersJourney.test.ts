// Issue 15, "Demo and proof", in real Chromium with axe on every page: a manager drafts a case study from an
// episode's page, is told by the error summary that the lessons are unwritten, writes them, approves, and downloads
// a PDF in which the person's name, NHS number and date of birth do not appear; a practitioner opens the episode's
// Letters page, chooses large print in Welsh and downloads a PDF in Welsh, at 16 point or more.
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness } from './support/browser.ts';
import { CaseStudiesPage, LettersPage } from './pages/caseStudies.ts';
import { SITES, anOpenEpisode, staffAt, type OpenEpisode } from '../support/factories.ts';
import type { TestUser } from '../support/testApp.ts';
import { readPdf } from '../support/pdfText.ts';
import { formatIsoDateLong } from '../../src/identifiers/dates.ts';

const SITE = SITES.lancashire;
/** Every font size the PDF's text is drawn at (the `Tf` operators of its content streams). */
const fontSizes = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/\w+\s+([\d.]+)\s+Tf/g)].map((m) => Number(m[1]));

describe.skipIf(skipBrowserTests)('case studies and letters in the browser', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  let manager: TestUser;
  let worker: TestUser;
  let episode: OpenEpisode;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });
  beforeAll(async () => {
    manager = await staffAt(h.t, SITE, 'manager');
    worker = await staffAt(h.t, SITE);
    const referrer = await h.t.user('referrer');
    episode = await anOpenEpisode(h.t, { referrer, manager }, SITE, { lead: worker });
  });

  it('a manager drafts a case study, edits it, approves it and downloads a PDF that does not identify the person', async () => {
    const s = await h.session();
    await signIn(s, manager, 'Screening queue');
    const list = await CaseStudiesPage.open(s, episode.id, episode.name);
    expect(await s.qa('no-case-studies').innerText()).toContain('There are no case studies');
    const study = await list.draft('Mr A');
    expect(await study.title()).toMatch(/^Case study: Mr A, /);
    expect(await study.status()).toBe('Draft');
    expect(await study.section('lessons')).toContain('[Write here]');

    // Approving with the lessons still prompts: the error summary points at the lessons.
    await study.approve();
    const errors = await s.errorSummary();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.href).toBe('#lessons');
    expect(await study.status()).toBe('Draft');

    await study.edit('lessons', 'Plan for the first week after release before the day of release.');
    expect(await s.qa('saved').innerText()).toContain('Your changes to the case study were saved');
    await study.approve();
    expect(await s.errorSummary()).toEqual([]);
    expect(await study.status()).toBe('Approved');
    expect(await s.qa('approved').innerText()).toContain('can be downloaded');
    expect(await s.qa('section-lessons').innerText()).toContain('Plan for the first week after release');

    const { file, name } = await study.downloadPdf();
    expect(name).toBe('case-study.pdf');
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = readPdf(file).text;
    expect(text).toContain('Missed opportunities');
    expect(text).toContain('Plan for the first week after release');
    const p = episode.body.person;
    const dob = p.dateOfBirth;
    const identifying = [p.givenName, p.familyName, episode.name, p.nhsNumber, dob, formatIsoDateLong(dob)].filter(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    expect(identifying.length).toBeGreaterThanOrEqual(5);
    const spaced = text.replace(/\s+/g, ' ');
    for (const v of identifying) expect(spaced.toLowerCase(), v).not.toContain(v.toLowerCase());
    expect(spaced.replace(/ /g, '')).not.toContain((p.nhsNumber ?? '').replace(/ /g, ''));

    // Back on the episode's list, the approved one is there.
    await s.page.getByRole('link', { name: 'Case studies of this episode' }).click();
    await s.expectOn(episode.name);
    expect((await list.rows()).join('\n')).toContain('Approved');
    await s.close();
  });

  it('a manager who saves a case study someone else has just approved is told so, and sees the approved text', async () => {
    const s = await h.session();
    await signIn(s, manager, 'Screening queue');
    const study = await (await CaseStudiesPage.open(s, episode.id, episode.name)).draft('A');
    const id = s.page.url().split('/').at(-1) ?? '';
    // Another manager writes the lessons and approves while this form is open.
    const put = await h.t.api(manager.token, {
      method: 'PUT',
      url: `/api/v1/case-studies/${id}`,
      payload: { lessons: 'Their lessons, approved first.' },
      headers: { 'if-match': '"1"' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const approved = await h.t.api(manager.token, { method: 'POST', url: `/api/v1/case-studies/${id}/approve` });
    expect(approved.statusCode, approved.body).toBe(200);

    await study.edit('lessons', 'My lessons, never saved.');
    expect(await s.errorSummary()).toEqual([
      { text: 'This case study is approved, so it can no longer be changed', href: '#case-study-status' },
    ]);
    expect(await study.status()).toBe('Approved');
    expect(await s.qa('section-lessons').innerText()).toBe('Their lessons, approved first.');
    expect(await s.page.content()).not.toContain('My lessons, never saved.');
    await s.close();
  });

  it('a practitioner downloads the support plan in large print in Welsh', async () => {
    const s = await h.session();
    await signIn(s, worker, 'Screening queue');
    const letters = await LettersPage.open(s, episode.id, episode.name);
    await letters.choose('Their support plan', 'Large print', 'Welsh');
    const { file, name } = await letters.download();
    expect(name).toBe('plan-large-print-cy.pdf');
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = readPdf(file).text.replace(/\s+/g, ' ');
    expect(text).toContain('Eich cynllun cymorth');
    expect(text).toContain(`Annwyl ${episode.name}`);
    expect(text).toContain('Mae’r llythyr hwn ar gael mewn ieithoedd a fformatau eraill');
    expect(text).not.toContain('Your support plan');
    expect(Math.min(...fontSizes(file))).toBeGreaterThanOrEqual(16);

    // A choice that is not on the list (an old bookmark): the error summary, in words, not codes.
    await s.goto(`/episodes/${episode.id}/letters/download?letter=leaflet&format=large_print&language=cy`);
    await s.expectOn(episode.name);
    const errors = await s.errorSummary();
    expect(errors).toEqual([{ text: 'Choose which letter to make', href: '#letter' }]);
    // What was chosen stays chosen; the letter is left for the practitioner to choose.
    expect(await s.page.locator('input[name="format"][value="large_print"]').isChecked()).toBe(true);
    expect(await s.page.locator('input[name="language"][value="cy"]').isChecked()).toBe(true);
    expect(await s.page.locator('input[name="letter"]:checked').count()).toBe(0);
    await s.close();
  });
});
