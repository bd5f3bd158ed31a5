// A release plan as the API (docs/api/release-plan.md) and its pages show it: the stored plan with the
// checklist judged, readiness, what is missing, the destination's coverage and the release date's history.
import type { Posted } from '../web/formFields.ts';
import type { FieldError } from '../http/errors.ts';
import type { SiteDefinition, SitePolicy } from '../sites/policy.ts';
import type { EpisodePhase } from '../episodes/phases.ts';
import {
  checklist,
  missingItems,
  readiness,
  timingFromPhase,
  type ChecklistItem,
  type Readiness,
} from './checklist.ts';
import { destinationCoverage, type DestinationCoverage } from './coverage.ts';
import { fieldViews, inputIdOf, type PlanForm } from './forms.ts';
import { ACCOMMODATION_TEXT, itemSlug } from './checklistForms.ts';
import { RELEASE_TYPE_TEXT } from './planForms.ts';
import type { EventWithAuthor, PlanEpisode, ReleasePlanRow } from './repository.ts';
import type { ReleasePlan } from './types.ts';

export interface ReleaseDateChange {
  expectedReleaseDate: string;
  recordedOn: string;
  recordedAt: string;
  by: string | null;
  reason: string | null;
}
export interface ActualRelease {
  releasedOn: string;
  releasedFrom: 'prison' | 'court' | null;
  destination: { postcode?: string; localAuthority?: string } | null;
}

export interface ReleasePlanView {
  episodeId: string;
  site: string;
  /** The plan's version (its ETag); 0 before the first save. */
  version: number;
  plan: ReleasePlan;
  episodeStatus: EpisodePhase['status'];
  expectedReleaseDate: string | null;
  releaseDateHistory: ReleaseDateChange[];
  releases: ActualRelease[];
  checklist: ChecklistItem[];
  readiness: Readiness;
  /** The items still to do (API.md: "the response says what is still missing"). */
  missing: { code: string; label: string; missing: string }[];
  destinationCoverage: DestinationCoverage;
  updatedAt: string | null;
  /** The name of who last changed the plan. */
  updatedBy: string | null;
}

export interface PlanParts {
  episode: PlanEpisode;
  plan: ReleasePlanRow | undefined;
  updatedByName: string | null;
  events: readonly EventWithAuthor[];
  phase: EpisodePhase;
  site: SiteDefinition;
  policy: SitePolicy;
  allSites: readonly SiteDefinition[];
  now: Date;
  today: string;
}

const reasonOf = (data: Record<string, unknown>): string | null =>
  typeof data.reason === 'string' ? data.reason : data.source === 'referral' ? 'From the referral' : null;

/** Everything the API and the pages show, from the stored plan and the episode's events. */
export function presentReleasePlan(p: PlanParts): ReleasePlanView {
  const plan = p.plan?.plan ?? {};
  const timing = timingFromPhase(p.phase, p.today);
  const items = checklist(plan, p.policy, timing);
  return {
    episodeId: p.episode.id,
    site: p.site.code,
    version: p.plan?.version ?? 0,
    plan,
    episodeStatus: p.phase.status,
    expectedReleaseDate: p.phase.expectedReleaseDate,
    releaseDateHistory: p.events
      .filter((e) => e.kind === 'release_date_set')
      .map((e) => ({
        expectedReleaseDate: String(e.data.expectedReleaseDate),
        recordedOn: e.on,
        recordedAt: e.recordedAt.toISOString(),
        by: e.byName,
        reason: reasonOf(e.data),
      })),
    releases: p.events
      .filter((e) => e.kind === 'released')
      .map((e) => ({
        releasedOn: e.on,
        releasedFrom: (e.data.from as ActualRelease['releasedFrom'] | undefined) ?? null,
        destination: (e.data.destination as ActualRelease['destination'] | undefined) ?? null,
      })),
    checklist: items,
    readiness: readiness(items, timing),
    missing: missingItems(items).map((i) => ({ code: i.code, label: i.label, missing: i.missing ?? '' })),
    destinationCoverage: destinationCoverage(plan.destination, p.site, p.allSites, p.now),
    updatedAt: p.plan?.updatedAt.toISOString() ?? null,
    updatedBy: p.plan ? p.updatedByName : null,
  };
}

/** Who the plan is for, above each of its pages. */
export const personOf = (episode: PlanEpisode) => ({ reference: episode.reference, name: episode.personName });

/** The plan page: readiness, release details, destination, and the checklist as an NHS task list. */
export function presentPlanPage(view: ReleasePlanView, episode: PlanEpisode, siteName: string, canChange: boolean) {
  const base = `/episodes/${view.episodeId}/release-plan`;
  const person = personOf(episode);
  const plan = view.plan;
  return {
    pageTitle: `Release plan: ${person.name}`,
    section: 'caseload',
    backHref: `/episodes/${view.episodeId}`,
    episode: { id: view.episodeId, referralId: episode.referralId },
    person,
    view,
    tasks: view.checklist
      .filter((item) => item.required)
      .map((item) => ({
        heading: { text: item.label },
        href: canChange ? `${base}/${itemSlug(item.code)}` : undefined,
        hint: item.missing ?? item.note,
        status:
          item.status === 'not_done'
            ? { tag: { text: 'Incomplete', classes: 'nhsuk-tag--blue' } }
            : { text: item.status === 'done' ? 'Completed' : 'Not needed' },
      })),
    canChange,
    base,
    siteName,
    releaseTypeText: plan.releaseType ? RELEASE_TYPE_TEXT[plan.releaseType] : 'Not recorded',
    uncertainText:
      plan.releaseUncertain === undefined
        ? 'Not recorded'
        : plan.releaseUncertain
          ? 'Yes: the date may change or release come without warning'
          : 'No',
    accommodationText: plan.accommodation ? ACCOMMODATION_TEXT[plan.accommodation.status] : undefined,
    contingencyMissing: view.missing.some((m) => m.code === 'contingency_plan'),
    history: [...view.releaseDateHistory].reverse(),
  };
}

/** What one of the plan's forms is drawn from. */
export interface FormPage {
  episode: PlanEpisode;
  plan: ReleasePlan;
  expectedReleaseDate: string | null;
  version: number;
}

/** One part of the plan on a page of its own (release details, destination, a checklist item). */
export function presentFormPage(
  page: FormPage,
  form: PlanForm,
  extra: { posted?: Posted | undefined; errors?: FieldError[] | undefined; message?: string | undefined },
) {
  const values = extra.posted ?? form.values(page.plan, page.expectedReleaseDate);
  const byName = new Map((extra.errors ?? []).map((e) => [e.field, e.message] as const));
  const errors = (extra.errors ?? []).map((e) => ({ text: e.message, href: `#${inputIdOf(form, e.field)}` }));
  if (extra.message) errors.unshift({ text: extra.message, href: '#main-content' });
  return {
    pageTitle: form.title,
    section: 'caseload',
    backHref: `/episodes/${page.episode.id}/release-plan`,
    episode: { id: page.episode.id },
    person: personOf(page.episode),
    form,
    fields: fieldViews(form, values, byName),
    version: page.version,
    errors,
    action: `/episodes/${page.episode.id}/release-plan/${form.slug}`,
  };
}
