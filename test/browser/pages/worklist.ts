// Page objects of the safety-net worklist (issue 7, seed 002) and of the service header's navigation, whose
// links carry counts ("Worklist (2)", "My actions (1 overdue)", "Handovers (1 waiting)"). Each action ends on
// a named page and checks it with axe (Session.expectOn).
import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.ts';

/** The header of every staff page: its navigation links, found by where they go. */
export class ServiceHeader {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  /** The header itself (hidden when the page is printed). */
  region(): Locator {
    return this.s.page.locator('header.nhsuk-header');
  }

  link(href: string): Locator {
    return this.s.page.locator(`header a[href="${href}"]`).first();
  }

  /** What the navigation link says (the count beside it, if any). */
  async linkText(href: string): Promise<string> {
    return ((await this.link(href).textContent()) ?? '').trim();
  }

  async follow(href: string, heading: string | RegExp): Promise<void> {
    await this.link(href).click();
    await this.s.expectOn(heading);
  }
}

export type WorklistView = 'mine' | 'team' | 'rule';

/** "Worklist": the items the safety-net rules raise, each linking to where it is fixed. */
export class WorklistPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  /** Opens the worklist (the default view, or the one named). */
  static async open(s: Session, view?: WorklistView): Promise<WorklistPage> {
    await s.goto(view ? `/worklist?view=${view}` : '/worklist');
    await s.expectOn('Worklist');
    return new WorklistPage(s);
  }

  /** "My items: 3 items" and the like. */
  count(): Promise<string> {
    return this.s.qa('worklist-count').innerText();
  }

  /** The items raised by a rule (`release_plan_incomplete`...), or every item; for one person if named. */
  items(rule?: string, personName?: string): Locator {
    let items = this.s.qa('worklist-item');
    if (rule) items = items.and(this.s.page.locator(`[data-rule="${rule}"]`));
    return personName ? items.filter({ hasText: personName }) : items;
  }

  /** The rules on the worklist now, for this person, in the order shown. */
  async rulesShown(personName: string): Promise<string[]> {
    const items = await this.items(undefined, personName).all();
    return Promise.all(items.map(async (i) => (await i.getAttribute('data-rule')) ?? ''));
  }

  /** How many items are of high severity. */
  highCount(): Promise<number> {
    return this.items()
      .filter({ has: this.s.page.locator('[data-qa="severity"]', { hasText: 'High' }) })
      .count();
  }

  /** What an item says. */
  message(item: Locator): Promise<string> {
    return item.locator('[data-qa="message"]').innerText();
  }

  /** The count shown for a rule in the "by rule" view. */
  ruleCount(rule: string): Locator {
    return this.s.page.locator(`[data-qa="rule-count"][data-rule="${rule}"]`);
  }

  /** Follows an item's link to where it is fixed (the episode's pages have the person's name as heading). */
  async fix(item: Locator, heading: string): Promise<void> {
    await item.getByRole('link').click();
    await this.s.expectOn(heading);
  }
}
