// Page objects of the caseload (issue 5): a worker's or a site's episodes of care, and the manager's team
// caseloads. Each action ends on a named page and checks it with axe (Session.expectOn).
import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.ts';

/** "Your caseload" (a worker's), or "Episodes of care" (a site's, or all a manager may see). */
export class CaseloadPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  /** Opens `/caseload` with the query given (`site=...`, `show=all`), checking its heading. */
  static async open(s: Session, heading: string | RegExp, query = ''): Promise<CaseloadPage> {
    await s.goto(query ? `/caseload?${query}` : '/caseload');
    await s.expectOn(heading);
    return new CaseloadPage(s);
  }

  /** The episode's row, found by the person's name; its cells are `lead`, `next-action`, `last-contact`. */
  row(personName: string): Locator {
    return this.s.qa('caseload-row').filter({ hasText: personName });
  }

  cell(personName: string, cell: 'lead' | 'next-action' | 'last-contact'): Promise<string> {
    return this.row(personName).locator(`[data-qa="${cell}"]`).innerText();
  }

  /** Follows the person's name to the episode's overview. */
  async openEpisode(personName: string): Promise<void> {
    await this.s.follow(this.row(personName).getByRole('link').first(), personName);
  }
}

/** "Team caseloads": each worker's load and co-working, and the episodes no one leads. */
export class TeamCaseloadsPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  static async open(s: Session): Promise<TeamCaseloadsPage> {
    await s.goto('/team');
    await s.expectOn('Team caseloads');
    return new TeamCaseloadsPage(s);
  }

  /** A worker's count: `load` (episodes led) or `co-working`. */
  count(workerName: string, column: 'load' | 'co-working'): Promise<string> {
    return this.s.qa('worker').filter({ hasText: workerName }).locator(`[data-qa="${column}"]`).innerText();
  }

  unallocated(personName: string): Locator {
    return this.s.qa('unallocated-row').filter({ hasText: personName });
  }
}
