// Browser journeys in real Chromium (HMPPS integration_tests style): the app listens on a random port,
// each user gets a browser context of their own, and page objects find things by `data-qa` where the
// page has one. Every document a session loads must be checked with axe before the test ends.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestApp, type TestApp, type TestUser } from '../../support/testApp.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** WCAG 2.2 AA, as the accessibility statement promises. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Without Chromium a developer's run skips these tests; CI must never skip them silently. */
export const skipBrowserTests = !existsSync(CHROMIUM_PATH) && !process.env.CI;
if (skipBrowserTests)
  console.warn(`Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (apt-get install chromium)`);

/**
 * Fails with every violation's id, impact, help and the elements it found, so the report is the fix list.
 * Legacy mode runs axe in the page itself instead of opening a helper tab: several times faster, and
 * these pages have no cross-origin frames, which is all it gives up.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) =>
      `  ${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n` +
      v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.html.slice(0, 200)}`).join('\n'),
  );
  throw new Error(
    `axe found ${violations.length} violation(s) on ${page.url()} ("${await page.title()}"):\n${lines.join('\n')}`,
  );
}

export interface BrowserHarness {
  t: TestApp;
  baseUrl: string;
  /** A fresh browser context (no cookies) for one user. */
  session(options?: BrowserContextOptions): Promise<Session>;
  close(): Promise<void>;
}

type Audit = (page: Page) => Promise<void>;

export async function startBrowserHarness(): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}, and CI is set: browser tests must run in CI (apt-get install chromium)`,
    );
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const t = await createTestApp();
  const baseUrl = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');

  const newContext = async (options: BrowserContextOptions = {}) => {
    const context = await browser.newContext({ baseURL: baseUrl, ...options });
    // Hermetic: nothing leaves the machine (the NHS fonts on assets.nhs.uk fall back to Arial).
    await context.route(
      (url) => url.origin !== baseUrl,
      (route) => route.abort(),
    );
    context.setDefaultTimeout(10_000);
    return context;
  };

  /**
   * axe runs inside the page and hangs where JavaScript is off, so a JavaScript-off page is checked as
   * a copy: the same HTML, scripts removed, served at the same address in a tab where axe can run.
   */
  const auditWithoutScripts: Audit = async (page) => {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const context = await newContext();
    try {
      const copy = await context.newPage();
      const address = page.url();
      await copy.route(
        (url) => url.href === address,
        (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }),
      );
      await copy.route('**/*.js', (route) => route.abort());
      await copy.goto(address);
      await expectNoAxeViolations(copy);
    } finally {
      await context.close();
    }
  };

  return {
    t,
    baseUrl,
    async session(options = {}) {
      const context = await newContext(options);
      return new Session(
        await context.newPage(),
        baseUrl,
        options.javaScriptEnabled === false ? auditWithoutScripts : expectNoAxeViolations,
      );
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** One user's browser tab: remembers each document it loaded, which were checked, and any script errors. */
export class Session {
  readonly page: Page;
  private readonly loaded: { url: string; checked: boolean }[] = [];
  private readonly problems: string[] = [];
  /** Addresses that answered with a file to save: Chromium reports such a navigation as aborted. */
  private readonly downloads = new Set<string>();
  private readonly aborted: string[] = [];
  private readonly audit: Audit;

  constructor(page: Page, baseUrl: string, audit: Audit) {
    this.page = page;
    this.audit = audit;
    const ours = (url: string) => url.startsWith(`${baseUrl}/`);
    page.on('domcontentloaded', () => this.loaded.push({ url: page.url(), checked: false }));
    page.on('pageerror', (error) => this.problems.push(`${page.url()}: ${error.message}`));
    // Script errors and CSP refusals. Failed loads are judged below instead: a 400 page is expected.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        this.problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('response', (res) => {
      if (ours(res.url()) && res.status() >= 400 && res.request().resourceType() !== 'document')
        this.problems.push(`${res.status()} for ${res.url()}`);
    });
    page.on('download', (download) => this.downloads.add(download.url()));
    page.on('requestfailed', (req) => {
      if (!ours(req.url())) return;
      const error = req.failure()?.errorText ?? 'failed';
      // A page's image or style still loading when the user moves on is cancelled (ERR_ABORTED): not a fault,
      // since a missing one answers 404 above. A cancelled page load is a fault unless it was a download.
      if (error !== 'net::ERR_ABORTED') this.problems.push(`${req.url()}: ${error}`);
      else if (req.isNavigationRequest()) this.aborted.push(req.url());
    });
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(path);
  }

  /** Asserts the page's main heading, then checks the page with axe (JavaScript off: its script-free copy). */
  async expectOn(heading: string | RegExp): Promise<void> {
    await this.page.waitForLoadState('load');
    const h1 = (await this.page.locator('h1').first().innerText()).trim();
    const matches = typeof heading === 'string' ? h1 === heading : heading.test(h1);
    if (!matches)
      throw new Error(`Expected to be on "${String(heading)}" but the heading is "${h1}" at ${this.page.url()}`);
    await this.audit(this.page);
    const last = this.loaded[this.loaded.length - 1];
    if (last) last.checked = true;
  }

  /**
   * Clicks something that loads a new document and checks the page it lands on. Every part of an episode
   * has the person's name as its heading, so the heading alone cannot tell the new page from the old one:
   * wait for the new document's load first.
   */
  async follow(target: Locator, heading: string | RegExp): Promise<void> {
    const loaded = this.page.waitForEvent('load');
    await target.click();
    await loaded;
    await this.expectOn(heading);
  }

  /** Every document this session loaded went through expectOn, and no script failed or was blocked. */
  finish(): void {
    const unchecked = this.loaded.filter((l) => !l.checked).map((l) => l.url);
    if (unchecked.length) throw new Error(`Pages loaded but never checked: ${unchecked.join(', ')}`);
    for (const url of this.aborted)
      if (!this.downloads.has(url)) this.problems.push(`${url}: net::ERR_ABORTED (and not a download)`);
    if (this.problems.length) throw new Error(`Browser errors:\n${this.problems.join('\n')}`);
  }

  async close(): Promise<void> {
    this.finish();
    await this.page.context().close();
  }

  /** Does what starts a download (a click) and returns the file saved; the page stays where it was. */
  async download(start: () => Promise<void>): Promise<{ file: Buffer; name: string }> {
    const waiting = this.page.waitForEvent('download');
    await start();
    const saved = await waiting;
    return { file: await readFile(await saved.path()), name: saved.suggestedFilename() };
  }

  qa(name: string): Locator {
    return this.page.locator(`[data-qa="${name}"]`);
  }

  async title(): Promise<string> {
    return this.page.title();
  }

  /** The NHS error summary's links: what they say and which field they point at (which must exist). */
  async errorSummary(): Promise<{ text: string; href: string }[]> {
    const links = await this.page.locator('.nhsuk-error-summary__list a').all();
    const items = await Promise.all(
      links.map(async (a) => ({ text: (await a.innerText()).trim(), href: (await a.getAttribute('href')) ?? '' })),
    );
    for (const { href } of items) {
      if (href.startsWith('#') && (await this.page.locator(href).count()) !== 1)
        throw new Error(`Error summary links to ${href}, which is not on ${this.page.url()}`);
    }
    return items;
  }
}

// Page objects. Each action ends on a named page and checks it, so no page goes unchecked.

export async function signIn(session: Session, user: TestUser, landsOn: string): Promise<void> {
  await session.goto('/sign-in');
  await session.expectOn('Sign in to Reconnect');
  await submitSignIn(session, user, landsOn);
}

/** On the "Sign in to Reconnect" page (wherever it was reached from): signs in and checks where it lands. */
export async function submitSignIn(session: Session, user: TestUser, landsOn: string): Promise<void> {
  await session.qa('email').fill(user.email);
  await session.qa('password').fill(user.password);
  await session.qa('sign-in').click();
  await session.expectOn(landsOn);
}

/** "Your referrals", a referrer's home page: the referrals they sent, and the way into a new one. */
export class YourReferralsPage {
  readonly session: Session;
  constructor(session: Session) {
    this.session = session;
  }

  /** "Make a referral", then "Start now", onto the form's first question (which team). */
  async startReferral(): Promise<QuestionPage> {
    await this.session.qa('new-referral').click();
    await this.session.expectOn('Make a referral');
    await this.session.qa('start-referral').click();
    return QuestionPage.verify(this.session, 'Which team are you referring to?');
  }

  row(reference: string): Locator {
    return this.session.qa('my-referrals').getByRole('row').filter({ hasText: reference });
  }

  async openReferral(reference: string, personName: string): Promise<ReferralPage> {
    await this.row(reference).getByRole('link', { name: reference }).click();
    await this.session.expectOn(personName);
    return new ReferralPage(this.session);
  }
}

/** One question page of the referral form. Fields are named by their dotted path, e.g. "person.dateOfBirth". */
export class QuestionPage {
  readonly session: Session;
  constructor(session: Session) {
    this.session = session;
  }

  static async verify(session: Session, title: string): Promise<QuestionPage> {
    await session.expectOn(title);
    return new QuestionPage(session);
  }

  private id(field: string): string {
    return field.replace(/\./g, '-');
  }

  async choose(field: string, value: string): Promise<this> {
    await this.session.page.locator(`input[name="${this.id(field)}"][value="${value}"]`).check();
    return this;
  }

  async fill(field: string, value: string): Promise<this> {
    await this.session.page.locator(`#${this.id(field)}`).fill(value);
    return this;
  }

  async date(field: string, [day, month, year]: [string, string, string]): Promise<this> {
    const id = this.id(field);
    await this.session.page.locator(`#${id}-day`).fill(day);
    await this.session.page.locator(`#${id}-month`).fill(month);
    await this.session.page.locator(`#${id}-year`).fill(year);
    return this;
  }

  async value(field: string): Promise<string> {
    return this.session.page.locator(`#${this.id(field)}`).inputValue();
  }

  /** Continues to the next page, which the caller names. */
  async continueTo(nextHeading: string): Promise<void> {
    await this.session.qa('continue').click();
    await this.session.expectOn(nextHeading);
  }
}

export class ReferralPage {
  readonly session: Session;
  constructor(session: Session) {
    this.session = session;
  }

  static async open(session: Session, id: string, personName: string): Promise<ReferralPage> {
    await session.goto(`/referrals/${id}`);
    await session.expectOn(personName);
    return new ReferralPage(session);
  }

  status(): Promise<string> {
    return this.session.qa('status').innerText();
  }

  eligibilityReasons(): Promise<string> {
    return this.session.qa('eligibility-reasons').innerText();
  }

  timeline(): Promise<string> {
    return this.session.qa('timeline').innerText();
  }

  decision(): Promise<string> {
    return this.session.qa('decision').innerText();
  }

  /** The screener's question to the referrer, when more information was asked for. */
  question(): Promise<string> {
    return this.session.qa('question').innerText();
  }

  /** "Open an episode of care" from an accepted referral, onto the consultation page it leads to. */
  async openEpisode(landsOn: string | RegExp): Promise<void> {
    await this.session.follow(this.session.qa('open-episode'), landsOn);
  }

  /** Chooses a decision, which reveals the questions that decision asks. */
  async chooseDecision(decision: 'accept' | 'decline' | 'more_information'): Promise<void> {
    await this.session.page.locator(`input[name="decision"][value="${decision}"]`).check();
  }

  /** Saves the decision chosen, and checks the page it lands on. */
  async saveDecision(landsOn: string): Promise<void> {
    await this.session.qa('save-decision').click();
    await this.session.expectOn(landsOn);
  }

  /** Chooses a decision, fills the fields it reveals, saves, and checks the page it lands on. */
  async decide(
    decision: 'accept' | 'decline' | 'more_information',
    fields: Record<string, string>,
    landsOn: string,
  ): Promise<void> {
    await this.chooseDecision(decision);
    for (const [id, value] of Object.entries(fields)) await this.session.page.locator(`#${id}`).fill(value);
    await this.saveDecision(landsOn);
  }

  async answer(text: string, landsOn: string): Promise<void> {
    await this.session.page.locator('#answer').fill(text);
    await this.session.qa('send-answer').click();
    await this.session.expectOn(landsOn);
  }
}

export class ScreeningQueuePage {
  readonly session: Session;
  constructor(session: Session) {
    this.session = session;
  }

  static async open(session: Session): Promise<ScreeningQueuePage> {
    await session.goto('/screening');
    await session.expectOn('Screening queue');
    return new ScreeningQueuePage(session);
  }

  row(personName: string): Locator {
    return this.session.qa('queue-row').filter({ hasText: personName });
  }

  async openReferral(personName: string): Promise<ReferralPage> {
    await this.row(personName).getByRole('link', { name: personName }).click();
    await this.session.expectOn(personName);
    return new ReferralPage(this.session);
  }
}

export type { TestUser };
