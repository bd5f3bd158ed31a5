// The assessment, formulation and support plan pages as a practitioner uses them: the task list, one
// domain's form (and its error summary), completing, the formulation with its revisions, the plan's goals,
// actions and reviews, a stale form, and who may see the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField as hidden } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, staffAt } from '../../test/support/factories.ts';
import { completeEveryDomain } from '../../test/support/care.ts';

const ER = SITES.lancashire;
let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let hampshire: TestUser;

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

/** Posts a form from the page the user has open, with its CSRF token and hidden fields. */
async function submit(
  page: PageSession,
  from: string,
  url: string,
  form: Record<string, string>,
  keep = ['version', 'number', 'basedOn'],
) {
  const shown = await page.get(from);
  const carried = Object.fromEntries(keep.map((k) => [k, hidden(shown.body, k)]).filter(([, v]) => v !== ''));
  return page.post(url, { _csrf: hidden(shown.body, '_csrf'), ...carried, ...form }, undefined, { withCsrf: false });
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation North West' });
  practitioner = await staffAt(t, ER);
  hampshire = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

/** An Enhanced RECONNECT episode referred by `from`, accepted and opened (after its consultation) by `worker`. */
async function openEpisode(from: TestUser, worker: TestUser): Promise<{ episodeId: string; referralId: string }> {
  const episode = await anOpenEpisode(t, { referrer: from, manager: worker }, ER);
  return { episodeId: episode.id, referralId: episode.referralId };
}

describe('the assessment pages', () => {
  let episodeId: string;
  let page: PageSession;
  beforeAll(async () => {
    ({ episodeId } = await openEpisode(referrer, practitioner));
    page = await signedIn(practitioner);
  });

  it('starts an assessment and shows its domains as an NHS task list', async () => {
    const empty = await page.get(`/episodes/${episodeId}/assessment`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('data-qa="episode-nav"');
    expect(empty.body).toContain('aria-current="page">Assessment');
    expect(empty.body).toContain('data-qa="no-assessment"');
    const started = await submit(
      page,
      `/episodes/${episodeId}/assessment`,
      `/episodes/${episodeId}/assessment/start`,
      {},
    );
    expect(started.statusCode).toBe(303);
    const list = await page.get(`/episodes/${episodeId}/assessment`);
    expect(list.body).toContain('class="nhsuk-task-list"');
    expect(list.body.match(/<li class="nhsuk-task-list__item/g)?.length).toBe(15);
    expect(list.body).toContain(`href="/episodes/${episodeId}/assessment/risk_to_others"`);
    expect(list.body).toContain('Not yet started');
    expect(list.body).toContain('You have completed 0 of 15 sections');
  });

  it('refuses an incomplete domain with the error summary, then saves it', async () => {
    const url = `/episodes/${episodeId}/assessment/risk_to_others`;
    const form = await page.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Risk of serious harm (RoSH)');
    expect(form.body).toContain('Have you completed this section?');

    const refused = await submit(page, url, url, { level: 'high', 'f-mappaCategory': '2', complete: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('nhsuk-error-summary');
    expect(refused.body).toContain('href="#f-rosh"');
    expect(refused.body).toContain('href="#f-mappaLevel"');
    expect(refused.body).toContain('Select the MAPPA level');
    expect(refused.body).toMatch(/value="2"[^>]*checked/);

    const saved = await submit(page, url, url, {
      level: 'high',
      'f-rosh': 'high',
      'f-mappaCategory': '2',
      'f-mappaLevel': '2',
      complete: 'yes',
    });
    expect(saved.statusCode).toBe(303);
    const list = await page.get(`/episodes/${episodeId}/assessment`);
    expect(list.body).toContain('You have completed 1 of 15 sections');
    expect(list.body).toContain('Level of need: High');
  });

  it('says when someone else changed the assessment first', async () => {
    const url = `/episodes/${episodeId}/assessment/money`;
    const opened = await page.get(url);
    const other = await signedIn(practitioner);
    expect((await submit(other, url, url, { level: 'low', complete: 'no' })).statusCode).toBe(303);
    const stale = await page.post(
      url,
      {
        _csrf: hidden(opened.body, '_csrf'),
        number: '1',
        version: hidden(opened.body, 'version'),
        level: 'medium',
        complete: 'yes',
      },
      undefined,
      { withCsrf: false },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this assessment after you opened it');
  });

  it('refuses to complete until every domain is done, then completes it', async () => {
    const from = `/episodes/${episodeId}/assessment`;
    const early = await submit(page, from, `${from}/complete`, {});
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('Still to complete: Mental health');
    const current = await page.get(from);
    await completeEveryDomain(t, practitioner, episodeId, 1, Number(hidden(current.body, 'version')));
    expect((await submit(page, from, `${from}/complete`, {})).statusCode).toBe(303);
    const done = await page.get(from);
    expect(done.body).toContain('data-qa="completed"');
    expect(done.body).toContain('Start a new assessment');
    expect(done.body).toContain('From the answers of assessment 1');
  });
});

describe('the formulation page', () => {
  it('writes a formulation, refusing an empty one, and keeps earlier revisions', async () => {
    const { episodeId } = await openEpisode(referrer, practitioner);
    const page = await signedIn(practitioner);
    const url = `/episodes/${episodeId}/formulation`;
    const shown = await page.get(url);
    expect(shown.body).toContain('data-qa="no-formulation"');
    const empty = await submit(page, url, url, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#presenting"');
    expect(empty.body).toContain('Describe the presenting problems');
    const five = {
      presenting: 'Low mood',
      predisposing: 'Care history',
      precipitating: 'Losing his flat',
      perpetuating: 'Isolation',
      protective: 'His sister',
      writtenWithPerson: 'yes',
    };
    expect((await submit(page, url, url, five)).statusCode).toBe(303);
    expect(
      (await submit(page, url, url, { ...five, protective: 'His sister and his cooking course' })).statusCode,
    ).toBe(303);
    const revised = await page.get(url);
    expect(revised.body).toContain('Revision 2, the current formulation');
    expect(revised.body).toContain('Earlier revisions (1)');
    expect(revised.body).toContain('His sister and his cooking course');
  });
});

describe('the support plan page', () => {
  it('adds goals and actions, changes an action’s status and records a review', async () => {
    const { episodeId } = await openEpisode(referrer, practitioner);
    const started = await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episodeId}/assessments`,
      payload: {},
    });
    await completeEveryDomain(t, practitioner, episodeId, 1, started.json().version);
    const page = await signedIn(practitioner);
    const url = `/episodes/${episodeId}/plan`;

    const blank = await page.get(url);
    expect(blank.body).toContain('data-qa="no-goals"');
    const noNeed = await submit(page, url, `${url}/goals`, { needDomain: '', description: '' });
    expect(noNeed.statusCode).toBe(400);
    expect(noNeed.body).toContain('href="#goal-needDomain"');
    expect(
      (await submit(page, url, `${url}/goals`, { needDomain: 'accommodation', description: 'Somewhere safe to live' }))
        .statusCode,
    ).toBe(303);

    const withGoal = await page.get(url);
    const goalId = /<option value="([0-9a-f-]{36})">Goal 1/.exec(withGoal.body)?.[1] ?? '';
    expect(goalId).not.toBe('');
    expect(withGoal.body).toContain('Next review due');
    const noOwner = await submit(page, url, `${url}/actions`, {
      goalId,
      description: 'Duty to Refer',
      ownerKind: 'agency',
      'dueOn-day': '31',
      'dueOn-month': '2',
      'dueOn-year': '2027',
    });
    expect(noOwner.statusCode).toBe(400);
    expect(noOwner.body).toContain('href="#action-owner-agency"');
    expect(noOwner.body).toContain('href="#action-dueOn-day"');
    const added = await submit(page, url, `${url}/actions`, {
      goalId,
      description: 'Make the Duty to Refer',
      ownerKind: 'team_member',
      ownerUserId: practitioner.viewer.id,
      'dueOn-day': '17',
      'dueOn-month': '11',
      'dueOn-year': '2026',
    });
    expect(added.statusCode).toBe(303);

    const withAction = await page.get(url);
    expect(withAction.body).toContain('Make the Duty to Refer');
    expect(withAction.body).toContain(practitioner.viewer.name);
    const actionId = /\/plan\/actions\/([0-9a-f-]{36})"/.exec(withAction.body)?.[1] ?? '';
    const status = await page.post(
      `${url}/actions/${actionId}`,
      { _csrf: hidden(withAction.body, '_csrf'), version: '1', status: 'done' },
      undefined,
      { withCsrf: false },
    );
    expect(status.statusCode).toBe(303);
    const stale = await page.post(
      `${url}/actions/${actionId}`,
      { _csrf: hidden(withAction.body, '_csrf'), version: '1', status: 'in_progress' },
      undefined,
      { withCsrf: false },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed the support plan after you opened it');

    const review = await submit(page, url, `${url}/reviews`, {
      'reviewedOn-day': '10',
      'reviewedOn-month': '11',
      'reviewedOn-year': '2026',
      notes: 'Agreed housing first.',
      withPerson: 'yes',
    });
    expect(review.statusCode).toBe(303);
    const reviewed = await page.get(url);
    expect(reviewed.body).toContain('data-qa="reviews"');
    expect(reviewed.body).toContain('Next review due 22 December 2026');
    expect(reviewed.body).toMatch(/Done/);
  });
});

describe('who sees the pages', () => {
  it('refuses the referrer (403) and hides the episode from another site (404)', async () => {
    const { episodeId } = await openEpisode(referrer, practitioner);
    const theirs = await signedIn(referrer);
    const other = await signedIn(hampshire);
    for (const part of ['assessment', 'assessment/money', 'formulation', 'plan']) {
      expect((await theirs.get(`/episodes/${episodeId}/${part}`)).statusCode, part).toBe(403);
      expect((await other.get(`/episodes/${episodeId}/${part}`)).statusCode, part).toBe(404);
    }
  });
});
