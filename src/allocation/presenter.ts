// Rows to allocation's views: co-workers and the team view as the API shows them (docs/api/allocation.md),
// and the models of the episode's "Workers" part and the team page.
import type { Viewer } from '../access/viewer.ts';
import type { FieldError } from '../http/errors.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { Posted } from '../web/formFields.ts';
import type { CaseloadLoad } from './caseloadLimits.ts';
import type { CoWorkerRow } from './repository.ts';
import { CO_WORKER_ROLE_SUGGESTIONS } from './schema.ts';
import { FORM_ANCHOR, inputIdOf, type AllocationForm } from './forms.ts';
import type { AllocationEpisode } from './service.ts';

export interface CoWorkerView {
  id: string;
  episodeId: string;
  userId: string;
  name: string;
  role: string;
  active: boolean;
  addedBy: string;
  addedAt: string;
  removedBy: string | null;
  removedAt: string | null;
}

export interface WorkerLoad extends CaseloadLoad {
  id: string;
  name: string;
  role: string | null;
  active: boolean;
  coWorkingCount: number;
}

export interface TeamView {
  site: string;
  maxCaseloadPerWorker: number | null;
  workers: WorkerLoad[];
  unallocatedCount: number;
  unallocated: { episodeId: string; referralId: string; reference: string; name: string; openedOn: string }[];
}

export function presentCoWorker(row: CoWorkerRow, name: string): CoWorkerView {
  return {
    id: row.id,
    episodeId: row.episodeId,
    userId: row.userId,
    name,
    role: row.role,
    active: row.removedAt === null,
    addedBy: row.addedBy,
    addedAt: row.addedAt.toISOString(),
    removedBy: row.removedBy,
    removedAt: row.removedAt?.toISOString() ?? null,
  };
}

export function presentTeam(t: {
  site: string;
  max: number | null;
  workers: WorkerLoad[];
  unallocatedCount: number;
  unallocated: {
    episodeId: string;
    referralId: string;
    reference: string;
    givenName: string;
    familyName: string;
    openedOn: string;
  }[];
}): TeamView {
  return {
    site: t.site,
    maxCaseloadPerWorker: t.max,
    workers: t.workers,
    unallocatedCount: t.unallocatedCount,
    unallocated: t.unallocated.map((u) => ({
      episodeId: u.episodeId,
      referralId: u.referralId,
      reference: u.reference,
      name: `${u.givenName} ${u.familyName}`,
      openedOn: u.openedOn,
    })),
  };
}

export function presentTeamPage(p: { team: TeamView; managed: string[]; sites: SiteCatalogue }) {
  const { team, sites } = p;
  return {
    pageTitle: 'Team caseloads',
    section: 'team',
    team,
    site: team.site,
    siteName: sites.get(team.site)?.name ?? team.site,
    overCount: team.workers.filter((w) => w.over).length,
    siteOptions: p.managed.map((code) => ({
      value: code,
      text: sites.get(code)?.name ?? code,
      selected: code === team.site,
    })),
  };
}

/** How the page comes back: after a change (`done`), or with the refusal of one of its forms. */
export interface AllocationPageState {
  form?: AllocationForm;
  errors?: FieldError[];
  message?: string;
  status?: number;
  posted?: Posted;
  done?: string;
}

export function presentAllocationPage(p: {
  episode: AllocationEpisode;
  person: { reference: string; name: string } | undefined;
  max: number | null;
  workers: WorkerLoad[];
  coWorkers: (CoWorkerView & { mayRemove: boolean })[];
  abilities: { allocateAnyone: boolean; take: boolean; changeTeam: boolean };
  viewer: Viewer;
  siteName: string;
  state: AllocationPageState;
}) {
  const { episode, person, state } = p;
  const anchor = state.form ? FORM_ANCHOR[state.form] : 'main-content';
  const errors = (state.errors ?? []).map((e) => ({ text: e.message, href: `#${inputIdOf(e.field) ?? anchor}` }));
  if (state.message) errors.unshift({ text: state.message, href: `#${anchor}` });
  return {
    pageTitle: `Workers${person ? `: ${person.name}` : ''}`,
    section: 'caseload',
    backHref: `/episodes/${episode.id}`,
    episode,
    person,
    siteName: p.siteName,
    workers: p.workers.filter((w) => w.active),
    max: p.max,
    lead: p.workers.find((w) => w.id === episode.leadWorkerId),
    coWorkers: p.coWorkers.filter((c) => c.active),
    pastCoWorkers: p.coWorkers.filter((c) => !c.active),
    isManager: p.abilities.allocateAnyone,
    mayTake: p.abilities.take && !p.abilities.allocateAnyone && episode.leadWorkerId === null,
    mayChangeTeam: p.abilities.changeTeam,
    viewerId: p.viewer.id,
    closed: episode.status === 'closed',
    roleSuggestions: CO_WORKER_ROLE_SUGGESTIONS,
    errors,
    form: state.form,
    posted: state.posted ?? {},
    done: state.done,
    fieldErrors: Object.fromEntries((state.errors ?? []).map((e) => [inputIdOf(e.field) ?? e.field, e.message])),
  };
}
