// Page objects of multi-agency working: the meeting form, an action's page and the chronology. Each action
// ends on a named page and checks it with axe (Session.expectOn), so no page goes unchecked.
import type { Session } from '../support/browser.ts';
import { EpisodeOverview, openEpisodePart } from './record.ts';

type DayMonthYear = [string, string, string];

async function fillDate(s: Session, id: string, [day, month, year]: DayMonthYear): Promise<void> {
  await s.page.locator(`#${id}-day`).fill(day);
  await s.page.locator(`#${id}-month`).fill(month);
  await s.page.locator(`#${id}-year`).fill(year);
}

export interface Attendee {
  name: string;
  organisation: string;
  role?: string;
  present: boolean;
}

export interface Action {
  description: string;
  /** The owner select's visible text: the team, a team member, or a directory entry. */
  owner: string;
  ownerName?: string;
  dueOn: DayMonthYear;
}

/** The episode's "Meetings and actions" page. */
export class MeetingsPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  static async open(s: Session, episodeId: string, personName: string): Promise<MeetingsPage> {
    await EpisodeOverview.open(s, episodeId, personName);
    await openEpisodePart(s, 'Meetings and actions', personName);
    return new MeetingsPage(s);
  }

  async recordMeeting(personName: string): Promise<MeetingForm> {
    await this.s.qa('record-meeting').click();
    await this.s.expectOn(personName);
    return new MeetingForm(this.s, personName);
  }

  /** The open actions table's rows as text. */
  async openActions(): Promise<string[]> {
    return this.s.qa('open-actions').locator('tbody tr').allInnerTexts();
  }
}

export class MeetingForm {
  readonly s: Session;
  readonly personName: string;
  constructor(s: Session, personName: string) {
    this.s = s;
    this.personName = personName;
  }

  async describe(kind: string, heldOn: DayMonthYear, summary: string): Promise<void> {
    await this.s.page.getByLabel(kind, { exact: true }).check();
    await fillDate(this.s, 'heldOn', heldOn);
    await this.s.page.locator('#summary').fill(summary);
    await this.s.page.locator('input[name="teamAttended"][value="yes"]').check();
    await this.s.page.locator('input[name="teamInformed"][value="yes"]').check();
  }

  async attendee(row: number, a: Attendee): Promise<void> {
    await this.s.page.locator(`#attendee-${row}-name`).fill(a.name);
    await this.s.page.locator(`#attendee-${row}-organisation`).fill(a.organisation);
    if (a.role) await this.s.page.locator(`#attendee-${row}-role`).fill(a.role);
    if (a.present) await this.s.page.locator(`#attendee-${row}-present`).check();
  }

  async action(row: number, a: Action): Promise<void> {
    await this.s.page.locator(`#action-${row}-description`).fill(a.description);
    await this.s.page.locator(`#action-${row}-owner`).selectOption({ label: a.owner });
    if (a.ownerName) await this.s.page.locator(`#action-${row}-ownerName`).fill(a.ownerName);
    await fillDate(this.s, `action-${row}-dueOn`, a.dueOn);
  }

  /** Saves, landing on the meeting's record (its title is the heading). */
  async save(title: string): Promise<void> {
    await this.s.qa('save').click();
    await this.s.expectOn(title);
  }
}

/** An action's page, where it is closed with a note. */
export class ActionPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  async close(note: string, description: string): Promise<void> {
    await this.s.page.locator('input[name="status"][value="done"]').check();
    await this.s.page.locator('#note').fill(note);
    await this.s.qa('save').click();
    await this.s.expectOn(description);
  }

  async status(): Promise<string> {
    return this.s.qa('action-summary').innerText();
  }
}

/** The person's chronology. */
export class ChronologyPage {
  readonly s: Session;
  constructor(s: Session) {
    this.s = s;
  }

  static async fromEpisode(s: Session, personName: string): Promise<ChronologyPage> {
    await openEpisodePart(s, 'Chronology', personName);
    return new ChronologyPage(s);
  }

  async filterByAgency(agency: string, personName: string): Promise<void> {
    await this.s.page.locator('#agency').selectOption({ label: agency });
    await this.s.qa('apply-filters').click();
    await this.s.expectOn(personName);
  }

  async entries(): Promise<{ source: string; summary: string }[]> {
    const rows = await this.s.qa('chronology-entry').all();
    return Promise.all(
      rows.map(async (r) => ({
        source: (await r.locator('[data-qa="entry-source"]').innerText()).trim(),
        summary: (await r.locator('[data-qa="entry-summary"]').innerText()).trim(),
      })),
    );
  }

  async printView(personName: string): Promise<void> {
    await this.s.qa('print-view').click();
    await this.s.expectOn(`Chronology: ${personName}`);
  }
}
