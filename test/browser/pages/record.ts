// Page objects of a person's record (issue 10, "Say it in the person's and the team's words"): the person
// banner, the success banner after a save, the episode overview's list of what can be done and the contact's
// own page. Each action ends on a named page and checks it with axe (Session.expectOn).
import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.ts';

/** What every page of the record says about whom it is about. */
export async function personBanner(s: Session): Promise<Record<string, string>> {
  const fact = (qa: string) => s.qa(qa).innerText();
  return {
    name: await fact('banner-name'),
    nhsNumber: await fact('banner-nhs-number'),
    dateOfBirth: await fact('banner-date-of-birth'),
    status: await fact('banner-status'),
  };
}

/** The NHS success notification banner's words, when the page shows one. */
export async function successBanner(s: Session): Promise<string | undefined> {
  const banner = s.page.locator('.nhsuk-notification-banner--success');
  if ((await banner.count()) === 0 || !(await banner.isVisible())) return undefined;
  return (await banner.locator('.nhsuk-notification-banner__heading').innerText()).trim();
}

/**
 * A link of the episode's navigation ("Workers", "Assessment", "Overview and contacts"...). Every part of an
 * episode has the person's name as its heading.
 */
export function episodePart(s: Session, part: string, exact = false): Locator {
  return s.qa('episode-nav').getByRole('link', { name: part, exact });
}

/** Goes to a part of the episode from its navigation, and checks the page it lands on. */
export async function openEpisodePart(
  s: Session,
  part: string,
  heading: string | RegExp,
  exact = false,
): Promise<void> {
  await s.follow(episodePart(s, part, exact), heading);
}

export class EpisodeOverview {
  readonly s: Session;
  readonly name: string;
  constructor(s: Session, name: string) {
    this.s = s;
    this.name = name;
  }

  static async open(s: Session, episodeId: string, name: string): Promise<EpisodeOverview> {
    await s.goto(`/episodes/${episodeId}`);
    await s.expectOn(name);
    return new EpisodeOverview(s, name);
  }

  /** "Record a contact", from the overview's list of what can be done, onto the contact's own page. */
  async recordContact(): Promise<ContactForm> {
    await this.s.follow(this.s.qa('record-contact-link'), this.name);
    return new ContactForm(this.s, this.name);
  }

  /** The notice a closed episode shows on its overview. */
  closedNotice(): Promise<string> {
    return this.s.qa('closed-notice').innerText();
  }

  timeline(): Promise<string> {
    return this.s.qa('timeline').innerText();
  }

  recentContacts(): Promise<string> {
    return this.s.qa('recent-contacts').innerText();
  }

  /** The latest contact's own page ("Contact on ..."), where its notes are in full. */
  async openLatestContact(): Promise<{ notes: () => Promise<string> }> {
    await this.s.follow(this.s.qa('contact-link').first(), /^Contact on /);
    return { notes: () => this.s.qa('contact-notes').innerText() };
  }
}

export class ContactForm {
  readonly s: Session;
  readonly name: string;
  constructor(s: Session, name: string) {
    this.s = s;
    this.name = name;
  }

  field(id: string): Locator {
    return this.s.page.locator(`#${id}`);
  }

  /** Fills the contact's date, time, type and outcome, and any other fields by id (`contact-notes`...). */
  async fill(contact: {
    date: [string, string, string];
    time: string;
    type: string;
    outcome: string;
    fields?: Record<string, string>;
  }) {
    const [day, month, year] = contact.date;
    await this.field('contact-date-day').fill(day);
    await this.field('contact-date-month').fill(month);
    await this.field('contact-date-year').fill(year);
    await this.field('contact-time').fill(contact.time);
    await this.s.page.locator(`input[name="type"][value="${contact.type}"]`).check();
    await this.s.page.locator(`input[name="outcome"][value="${contact.outcome}"]`).check();
    for (const [id, value] of Object.entries(contact.fields ?? {})) await this.field(id).fill(value);
  }

  /** Saves: back on the overview when recorded, or still on the form with the error summary. */
  async save(): Promise<void> {
    await this.s.follow(this.s.qa('record-contact'), this.name);
  }
}
