// An Enhanced RECONNECT episode of care from the consultation to the closure letter, in real Chromium and
// through the pages only (the referral is sent and accepted through the API, as in episodeJourney): the
// manager holds the consultation and allocates; the worker records an assessment, a formulation, a plan
// and three contacts (an error first); the manager sees the caseload and the team; the episode closes with
// a summary letter. Every page is checked with axe (WCAG 2.2 AA). Issue "Browser journey with axe".
import { beforeAll, describe, expect, it } from 'vitest';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { DOMAINS } from '../../src/care/domains.ts';
import type { Locator } from 'playwright-core';
import {
  ReferralPage,
  signIn,
  skipBrowserTests,
  startBrowserHarness,
  type BrowserHarness,
  type Session,
} from './support/browser.ts';
import { SITES } from '../support/factories.ts';
import { readPdf } from '../support/pdfText.ts';
import { CaseloadPage, TeamCaseloadsPage } from './pages/caseload.ts';
import { ContactForm, EpisodeOverview, episodePart } from './pages/record.ts';

const SITE = SITES.lancashire;

/** Levels given in the assessment: these three become assessed needs that goals can be linked to. */
const LEVELS: Record<string, string> = { accommodation: 'high', money: 'medium', mental_health: 'low' };
/** The required answers of the domains that have them (src/care/domains.ts). */
const REQUIRED: Record<string, { radios?: Record<string, string>; text?: Record<string, string> }> = {
  communication: { text: { 'f-firstLanguage': 'English' }, radios: { 'f-interpreterNeeded': 'no' } },
  accommodation: { radios: { 'f-onRelease': 'temporary' } },
  risk_to_others: { radios: { 'f-rosh': 'high', 'f-mappaCategory': '2', 'f-mappaLevel': '2' } },
  strengths: { text: { 'f-strengths': 'Keen gardener; close to his sister' } },
};

const HOUSING_GOAL = 'Find somewhere settled to live';
const MONEY_GOAL = 'Have Universal Credit paid from the first week';

/** The text of the closure letter, as a reader would copy it out of the PDF. */
function pdfText(pdf: Buffer): string {
  return readPdf(pdf).text.replace(/\s+/g, ' ');
}

async function fillDate(s: Session, id: string, [day, month, year]: [string, string, string]): Promise<void> {
  await s.page.fill(`#${id}-day`, day);
  await s.page.fill(`#${id}-month`, month);
  await s.page.fill(`#${id}-year`, year);
}

const choose = (s: Session, name: string, value: string) =>
  s.page.locator(`input[name="${name}"][value="${value}"]`).check();

/** Clicks something that loads a new document and checks the page it lands on (Session.follow). */
const follow = (s: Session, target: Locator, heading: string | RegExp) => s.follow(target, heading);

describe.skipIf(skipBrowserTests)(
  'an episode of care from consultation to closure in the browser',
  { timeout: 600_000 },
  () => {
    let h: BrowserHarness;
    // The harness closes after the file's tests; if it never started there is nothing to close.
    beforeAll(async () => {
      h = await startBrowserHarness();
      return () => h.close();
    });

    it('consultation, allocation, assessment, formulation, plan, contacts, caseload, team and closure letter', async () => {
      const referrer = await h.t.user('referrer');
      const manager = await h.t.user('manager', { sites: [SITE] });
      const worker = await h.t.user('practitioner', { sites: [SITE] });
      const psychologist = await h.t.user('practitioner', { sites: [SITE] });
      const body = fictionalReferral(SITE, 8200, h.t.clock.now);
      const sent = (await h.t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json<{
        id: string;
      }>();
      const accepted = await h.t.api(manager.token, {
        method: 'POST',
        url: `/api/v1/referrals/${sent.id}/screening`,
        payload: { decision: 'accept' },
        headers: { 'if-match': '"1"' },
      });
      expect(accepted.statusCode).toBe(200);
      const name = `${body.person.givenName} ${body.person.familyName}`;

      // 1. The manager records the consultation meeting, then allocates a lead worker and a co-worker.
      const boss = await h.session();
      await signIn(boss, manager, 'Screening queue');
      const referral = await ReferralPage.open(boss, sent.id, name);
      await referral.openEpisode('Record the consultation meeting');
      expect(boss.page.url()).toContain(`/referrals/${sent.id}/episode/new`);
      await fillDate(boss, 'consultation-date', ['9', '11', '2026']);
      await boss.page.selectOption('#attendee-1-role', 'com');
      await boss.page.fill('#attendee-1-name', 'Casey Morgan');
      await boss.page.fill('#attendee-1-organisation', 'Probation Service');
      await boss.page.selectOption('#attendee-2-role', 'pom');
      await boss.page.fill('#attendee-2-name', 'Robin Hale');
      await boss.page.fill('#attendee-2-organisation', 'HMP Lancaster Farms');
      await choose(boss, 'decision', 'accept');
      await boss.page.fill('#rationale', 'High RoSH with mental health needs and self-harm risk: priority group 3.');
      await follow(boss, boss.qa('save-consultation'), name);
      const episodeId = /\/episodes\/([0-9a-f-]{36})/.exec(boss.page.url())?.[1];
      expect(episodeId).toBeDefined();
      expect(await boss.qa('consultation').innerText()).toContain('Casey Morgan');

      await follow(boss, episodePart(boss, 'Workers'), name);
      expect(await boss.qa('lead-worker').count()).toBe(0); // the manager sees the form, not the read-only line
      await boss.page.getByRole('radio', { name: worker.viewer.name, exact: true }).check();
      await follow(boss, boss.qa('save-lead'), name);
      expect(await boss.qa('done').innerText()).toContain('The lead worker has been changed.');
      await boss.page.selectOption('#coWorker-userId', psychologist.viewer.id);
      await boss.page.fill('#coWorker-role', 'Psychologist');
      await follow(boss, boss.qa('add-co-worker'), name);
      expect(await boss.qa('co-worker').innerText()).toMatch(new RegExp(`${psychologist.viewer.name}\\s+Psychologist`));

      // 2. The lead worker opens the episode from their caseload.
      const s = await h.session();
      await signIn(s, worker, 'Screening queue');
      await (await CaseloadPage.open(s, 'Your caseload')).openEpisode(name);
      const nav = (part: string) => episodePart(s, part);

      // The assessment: every domain, each marked completed, then the assessment completed.
      await follow(s, nav('Assessment'), name);
      expect(await s.qa('no-assessment').count()).toBe(1);
      await follow(s, s.qa('start-assessment'), name);
      for (const domain of DOMAINS) {
        await follow(s, s.page.locator(`a[href="/episodes/${episodeId}/assessment/${domain.code}"]`), domain.label);
        if (domain.hasLevel) await choose(s, 'level', LEVELS[domain.code] ?? 'no_need');
        for (const [field, value] of Object.entries(REQUIRED[domain.code]?.radios ?? {})) await choose(s, field, value);
        for (const [field, value] of Object.entries(REQUIRED[domain.code]?.text ?? {}))
          await s.page.fill(`#${field}`, value);
        await s.page.fill('#notes', `Talked through ${domain.label.toLowerCase()} on the wing.`);
        await choose(s, 'complete', 'yes');
        await follow(s, s.qa('save-domain'), name);
      }
      expect(await s.qa('progress').innerText()).toContain(
        `You have completed ${DOMAINS.length} of ${DOMAINS.length} sections.`,
      );
      await follow(s, s.qa('complete-assessment'), name);
      expect(await s.qa('completed').innerText()).toMatch(/Assessed needs: .*Accommodation/);

      // The formulation (the 5 Ps).
      await follow(s, nav('Formulation'), name);
      for (const [id, text] of Object.entries({
        presenting: 'Worried about where he will live and about money on release.',
        predisposing: 'Care experienced; lost his mother young.',
        precipitating: 'Eviction before the index offence.',
        perpetuating: 'No settled address and debts.',
        protective: 'His sister and his gardening.',
      }))
        await s.page.fill(`#${id}`, text);
      await choose(s, 'writtenWithPerson', 'yes');
      await s.page.fill('#personsView', 'I just want a place of my own.');
      await follow(s, s.qa('save-formulation'), name);
      expect(await s.qa('current-formulation').innerText()).toContain('Revision 1');

      // The support plan: two goals, an action with an owner and a due date, and a review.
      await follow(s, nav('Support plan'), name);
      for (const [need, goal] of [
        ['accommodation', HOUSING_GOAL],
        ['money', MONEY_GOAL],
      ] as const) {
        await s.page.selectOption('#goal-needDomain', need);
        await s.page.fill('#goal-description', goal);
        await follow(s, s.qa('add-goal'), name);
      }
      expect(await s.qa('goal').count()).toBe(2);
      // Goals added in the same instant (the test clock stands still) have no set order: choose by the goal's words.
      const housingGoal = await s.page.locator('#action-goal option', { hasText: HOUSING_GOAL }).getAttribute('value');
      await s.page.selectOption('#action-goal', housingGoal);
      await s.page.fill('#action-description', 'Make a Duty to Refer to the council');
      await choose(s, 'ownerKind', 'team_member');
      await s.page.selectOption('#action-owner-user', worker.viewer.id);
      await fillDate(s, 'action-dueOn', ['1', '12', '2026']);
      await follow(s, s.qa('add-action'), name);
      const actions = await s.qa('actions').innerText();
      expect(actions).toContain('Make a Duty to Refer to the council');
      expect(actions).toContain(worker.viewer.name);
      await fillDate(s, 'review-reviewedOn', ['10', '11', '2026']);
      await s.page.fill('#review-notes', 'Agreed the housing goal first.');
      await choose(s, 'withPerson', 'yes');
      await follow(s, s.qa('record-review'), name);
      expect(await s.qa('reviews').innerText()).toContain('Agreed the housing goal first.');

      // Three contacts on the overview, the first try missing the reason for a cancellation.
      await follow(s, nav('Overview and contacts'), name);
      const overview = new EpisodeOverview(s, name);
      const contact = async (
        date: [string, string, string],
        time: string,
        type: string,
        outcome: string,
        fields: Record<string, string> = {},
      ): Promise<ContactForm> => {
        // A refused contact stays on its own page; a saved one returns to the overview (issue 10).
        const form = new URL(s.page.url()).pathname.endsWith(`/episodes/${episodeId}`)
          ? await overview.recordContact()
          : new ContactForm(s, name);
        await form.fill({ date, time, type, outcome, fields });
        await form.save();
        return form;
      };
      await contact(['10', '11', '2026'], '07:00', 'in_prison', 'attended', {
        'contact-duration': '45',
        'contact-notes': 'First meeting on the wing.',
      });
      await contact(['10', '11', '2026'], '07:30', 'video', 'did_not_attend');
      const cancelled = await contact(['10', '11', '2026'], '08:15', 'phone', 'cancelled');
      expect(await s.errorSummary()).toEqual([
        { text: 'Enter why the contact was cancelled', href: '#contact-cancelled-reason' },
      ]);
      // The form kept what was typed; only the reason is missing.
      expect(await cancelled.field('contact-time').inputValue()).toBe('08:15');
      await cancelled.field('contact-cancelled-reason').fill('The prison was locked down');
      await cancelled.save();
      const contacts = await overview.recentContacts();
      expect(contacts).toContain('Attended');
      expect(contacts).toContain('Did not attend');
      expect(contacts).toContain('Cancelled: The prison was locked down');

      // 3. The manager sees the episode on the site's caseload and the worker's load on the team view.
      const caseload = await CaseloadPage.open(boss, 'Episodes of care', 'show=all');
      expect(await caseload.row(name).count()).toBe(1);
      expect(await caseload.cell(name, 'lead')).toContain(worker.viewer.name);
      expect(await caseload.cell(name, 'next-action')).toContain('Make a Duty to Refer to the council');
      expect(await caseload.cell(name, 'last-contact')).toContain('Cancelled');
      const team = await TeamCaseloadsPage.open(boss);
      expect(await team.count(worker.viewer.name, 'load')).toMatch(/^1\b/);
      expect(await team.count(psychologist.viewer.name, 'co-working')).toBe('1');
      expect(await team.unallocated(name).count()).toBe(0);

      // 4. The lead worker closes the episode with a coded reason, a summary and each goal's outcome.
      await follow(s, nav('Closure'), name);
      await choose(s, 'reason', 'support_completed');
      await s.page.fill('#summary', 'Moved into a council flat and has Universal Credit.');
      await s.page
        .getByRole('group', { name: HOUSING_GOAL })
        .getByRole('radio', { name: 'Achieved', exact: true })
        .check();
      await s.page
        .getByRole('group', { name: MONEY_GOAL })
        .getByRole('radio', { name: 'Partly achieved', exact: true })
        .check();
      await follow(s, s.qa('close-episode'), name);
      expect(await s.qa('closure-summary').innerText()).toContain('Support completed');
      const outcomes = await s.qa('goal-outcomes').innerText();
      expect(outcomes).toContain(`${HOUSING_GOAL}: Achieved`);
      expect(outcomes).toContain(`${MONEY_GOAL}: Partly achieved`);

      const letterHref = await s.qa('closure-letter').getAttribute('href');
      expect(letterHref).toBe(`/episodes/${episodeId}/closure-letter.pdf`);
      const letter = await s.page.request.get(letterHref!);
      expect(letter.status()).toBe(200);
      expect(letter.headers()['content-type']).toBe('application/pdf');
      const pdf = await letter.body();
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      const text = pdfText(pdf);
      for (const phrase of [
        `${body.person.givenName} has finished their support with us.`,
        'We met or spoke with them once, in prison.',
        `${HOUSING_GOAL}: achieved.`,
        'Moved into a council flat and has Universal Credit.',
      ])
        expect(text).toContain(phrase);

      await follow(s, nav('Overview and contacts'), name);
      expect(await overview.closedNotice()).toContain('This episode of care is closed: Support completed.');
      await s.close();
      await boss.close();
    });
  },
);
