// Page objects of "Find a person" (issue 10, "Find anyone, read everything"): the search box in the header of
// every staff page and the results page with its own form. Each search ends on the results page and checks
// it with axe (Session.expectOn).
import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.ts';

/** The results page, "Find a person" (the heading stays the same from one search to the next). */
export class FindPersonPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  /** Searches from the header's box (a plain form without JavaScript), landing on the results. */
  static async fromHeader(s: Session, q: string): Promise<FindPersonPage> {
    await s.page.fill('#search-field', q);
    const loaded = s.page.waitForEvent('load');
    await s.page.press('#search-field', 'Enter');
    await loaded;
    await s.expectOn('Find a person');
    return new FindPersonPage(s);
  }

  /** Searches again from the results page's own form. */
  async search(q: string): Promise<void> {
    await this.s.page.fill('#q', q);
    await this.s.follow(this.s.qa('search-form').locator('button'), 'Find a person');
  }

  async resultCount(): Promise<string> {
    return (await this.s.qa('search-result-count').innerText()).trim();
  }

  results(): Locator {
    return this.s.qa('search-result');
  }
}
