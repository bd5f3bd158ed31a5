// Page objects of an episode's case studies (issue 15, seed 002) and its letters: the list with the draft button,
// a case study's page (edit, approve, download), and the letters page (which letter, format, language, download).
// Each action ends on a named page and checks it with axe (Session.expectOn), so no page goes unchecked.
import type { Session } from '../support/browser.ts';
import { EpisodeOverview, openEpisodePart } from './record.ts';

/** Opens a part of the episode from its navigation, starting at the episode's overview. */
async function openPart(s: Session, episodeId: string, personName: string, part: string, heading: string) {
  await EpisodeOverview.open(s, episodeId, personName);
  await openEpisodePart(s, part, heading, true);
}

/** The episode's "Case studies" page. */
export class CaseStudiesPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  static async open(s: Session, episodeId: string, personName: string): Promise<CaseStudiesPage> {
    await openPart(s, episodeId, personName, 'Case studies', personName);
    return new CaseStudiesPage(s);
  }

  /** Drafts one, calling the person "A", "Mr A" or "Ms A", and lands on the draft (its title is the heading). */
  async draft(refer: 'A' | 'Mr A' | 'Ms A'): Promise<CaseStudyPage> {
    await this.s.page.getByLabel(refer, { exact: true }).check();
    await this.s.qa('draft-case-study').click();
    await this.s.expectOn(/^Case study: /);
    return new CaseStudyPage(this.s);
  }

  rows(): Promise<string[]> {
    return this.s.qa('case-studies').locator('tbody tr').allInnerTexts();
  }
}

/** One case study: a draft's form of sections and the approve button; an approved one's text and download. */
export class CaseStudyPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  title(): Promise<string> {
    return this.s.qa('case-study-title').innerText();
  }

  status(): Promise<string> {
    return this.s.qa('status').innerText();
  }

  section(name: string): Promise<string> {
    return this.s.page.locator(`#${name}`).inputValue();
  }

  /** Saves a section; lands back on the case study (read its title first: the page is replaced). */
  async edit(name: string, value: string): Promise<void> {
    const title = await this.title();
    await this.s.page.locator(`#${name}`).fill(value);
    await this.s.follow(this.s.qa('save'), title);
  }

  /** Approves; lands back on the case study, approved or showing the error summary. */
  async approve(): Promise<void> {
    const title = await this.title();
    await this.s.follow(this.s.qa('approve'), title);
  }

  async downloadPdf(): Promise<{ file: Buffer; name: string }> {
    return this.s.download(() => this.s.qa('download').click());
  }
}

/** The episode's "Letters" page. */
export class LettersPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  static async open(s: Session, episodeId: string, personName: string): Promise<LettersPage> {
    await openPart(s, episodeId, personName, 'Letters', personName);
    return new LettersPage(s);
  }

  async choose(letter: string, format: string, language: string): Promise<void> {
    const { page } = this.s;
    await page.getByRole('group', { name: 'Which letter' }).getByLabel(letter).check();
    await page.getByRole('group', { name: 'Format' }).getByLabel(format).check();
    await page
      .getByRole('group', { name: /^Language/ })
      .getByLabel(language)
      .check();
  }

  async download(): Promise<{ file: Buffer; name: string }> {
    return this.s.download(() => this.s.qa('download-letter').click());
  }
}
