// The composition root: one place builds every repository-backed service from the core (database, sites,
// clock) and hands each its dependencies explicitly (the HMPPS `services/index.ts` pattern); createApp,
// the jobs, the CLI and the demo seeds only ever receive what this builds. Tests build it against a
// fresh database in one line (test/support/testApp.ts).
import type { Config } from './config.ts';
import type { Database, Queryable } from './db/client.ts';
import type { Clock, Core } from './core.ts';
import type { Viewer } from './access/viewer.ts';
import { can } from './access/policy.ts';
import { migrateDatabase } from './db/appRole.ts';
import { useAuditChainKey } from './audit/chainKey.ts';
import { loadBuiltInSites, readSiteCatalogue } from './sites/siteCatalogue.ts';
import { createNotificationService } from './notifications/service.ts';
import { createTimelineService } from './timeline/service.ts';
import { createPeopleService } from './people/service.ts';
import { createAccessService } from './access/service.ts';
import { createReferralService } from './referrals/service.ts';
import { createScreeningService } from './screening/service.ts';
import { createDraftService } from './referrals/form/draftService.ts';
import { createRetentionService } from './retention/service.ts';
import { createUserAdminService } from './admin/service.ts';
import { createAssessmentService } from './care/assessmentService.ts';
import { createFormulationService } from './care/formulationService.ts';
import { createPlanService } from './care/planService.ts';
import { createReleasePlanService } from './releasePlanning/service.ts';
import { loadViewer } from './auth/userRepository.ts';
import { createAllocationService } from './allocation/service.ts';
import { createTeamService } from './allocation/teamService.ts';
import { createHandoverDecisionService } from './handovers/decisionService.ts';
import { createHandoverService } from './handovers/service.ts';
import { createWorklistService } from './worklist/service.ts';
import { createOutboxService } from './outbox/service.ts';
import { createDigestService } from './outbox/digestService.ts';
import { createEpisodeService } from './episodes/service.ts';
import { createClosureService } from './episodes/closureService.ts';
import { createCaseloadService } from './caseload/service.ts';
import { createPersonBannerService } from './episodes/bannerService.ts';
import { findVisibleReferral, otherVisibleReferralsOfPerson, visibleEpisodesOfPerson } from './referrals/repository.ts';
import { readinessOf as readinessFor } from './releasePlanning/service.ts';
import { nextActionsFor } from './care/planRepository.ts';
import { createPartnerService } from './partners/service.ts';
import { createNetworkService } from './partners/networkService.ts';
import { createSharingService } from './partners/sharingService.ts';
import { createMeetingService } from './meetings/service.ts';
import { createActionService } from './meetings/actionService.ts';
import { createChronologyService } from './chronology/service.ts';
import { createSearchService } from './search/service.ts';
import { createDeclineLetterService } from './screening/declineLetterService.ts';
import { enqueueEmail } from './outbox/repository.ts';
import { createOutcomeService } from './outcomes/service.ts';
import { createCaseStudyService } from './caseStudies/service.ts';
import { createPersonLetterService } from './letters/service.ts';
import { createReportService } from './reports/service.ts';
import { createEvaluationService } from './evaluation/service.ts';
import { createFhirService } from './fhir/service.ts';
import { createFhirCareService } from './fhir/careService.ts';
import { createFhirPatientService } from './fhir/patientService.ts';
import { systemsOf } from './fhir/systems.ts';
import { isStaff } from './access/roles.ts';
import { createSignInService } from './auth/service.ts';
import { createTeamChoiceService } from './teamChoice/service.ts';

/** Every service, built from the core in dependency order. The demo seeds call this with a clock of their own. */
export function buildDomainServices(core: Core) {
  const { sites, clock } = core;
  // The referrer is told by email too (outbox); links point at the service's public address.
  const notifications = createNotificationService({
    clock,
    publicUrl: core.publicUrl ?? 'http://localhost:3000',
    sendEmail: (db, email, at) => enqueueEmail(db, email, at, new URL(core.publicUrl ?? 'http://localhost').hostname),
  });
  const timeline = createTimelineService();
  const people = createPeopleService();
  const access = createAccessService({ clock, notify: notifications });
  const referrals = createReferralService({ sites, clock, people, notify: notifications, timeline, access });
  const screening = createScreeningService({ clock, sites, notify: notifications, timeline, referrals });
  // Release planning sits above episodes and the caseload: they are handed its readiness (no import back).
  const readiness = (db: Queryable, ids: readonly string[], now: Date) => readinessFor(db, ids, sites.all(), now);
  // Multi-agency working sits above episodes and release plans: they are handed the network around the person.
  const partners = createPartnerService({ clock });
  const network = createNetworkService({ clock, timeline, partners });
  const networkAround = (db: Queryable, viewer: Viewer, episodeId: string) =>
    can(viewer, 'readMultiAgencyRecord') ? network.currentNetwork(db, viewer, episodeId) : Promise.resolve(undefined);
  const episodes = createEpisodeService({
    clock,
    sites,
    notify: notifications,
    timeline,
    referrals: { read: referrals.read, findVisible: findVisibleReferral },
    readiness,
    network: networkAround,
  });
  const episodeClosures = createClosureService({ clock, sites, timeline });
  const caseloads = createCaseloadService({ clock, sites, episodes, nextActions: nextActionsFor, readiness });
  // What allocation and handovers ask of episodes: reads without an audit of their own, opening, and closing
  // the sending episode of an accepted handover.
  const episodeSteps = {
    read: episodes.read,
    open: episodes.open,
    find: episodes.find,
    ofReferral: episodes.ofReferral,
    closeForHandover: episodeClosures.closeForHandover,
  };
  const allocation = createAllocationService({ sites, clock, timeline, episodes: episodeSteps, viewerOf: loadViewer });
  const team = createTeamService({ sites, clock, episodes: episodeSteps });
  const handoverDecisions = createHandoverDecisionService({
    sites,
    clock,
    notify: notifications,
    timeline,
    episodes: episodeSteps,
  });
  const handovers = createHandoverService({
    sites,
    clock,
    notify: notifications,
    timeline,
    episodes: episodeSteps,
    decisions: handoverDecisions,
  });
  const actions = createActionService({ clock, timeline, partners });
  const worklist = createWorklistService({
    sites,
    clock,
    meetingActionsOverdue: actions.overdueActions,
    firstMeetingActionsOverdue: actions.firstOverdueActions,
    myHighOverdueActions: actions.myHighOverdueCountQuery,
  });
  const outbox = createOutboxService({ clock });
  const digest = createDigestService({ sites, notify: notifications, worklist, outbox });
  return {
    ...core,
    notifications,
    timeline,
    people,
    access,
    referrals,
    screening,
    drafts: createDraftService(core),
    retention: createRetentionService(core),
    userAdmin: createUserAdminService(core),
    episodes,
    assessments: createAssessmentService({ sites, clock, timeline }),
    formulations: createFormulationService({ sites, clock, timeline }),
    supportPlans: createPlanService({ sites, clock, timeline }),
    releasePlans: createReleasePlanService({ sites, clock, timeline, episodes, network: networkAround }),
    allocation,
    team,
    handovers,
    worklist,
    outbox,
    digest,
    episodeClosures,
    caseloads,
    personBanners: createPersonBannerService({
      findReferral: findVisibleReferral,
      findEpisode: episodes.banner,
      episodesOfPerson: visibleEpisodesOfPerson,
      referralsOfPerson: otherVisibleReferralsOfPerson,
    }),
    partners,
    network,
    sharing: createSharingService({ clock, timeline, partners }),
    meetings: createMeetingService({ clock, timeline, partners }),
    actions,
    chronology: createChronologyService({ clock, sites }),
    search: createSearchService({ clock, sites, episodes }),
    declineLetters: createDeclineLetterService({ clock, referrals }),
    outcomes: createOutcomeService({ clock, timeline }),
    reports: createReportService({ clock, sites }),
    caseStudies: createCaseStudyService({ clock, sites }),
    personLetters: createPersonLetterService({ clock, sites }),
    signIn: createSignInService({ clock }),
    teamChoice: createTeamChoiceService({ clock }),
  };
}

export type DomainServices = ReturnType<typeof buildDomainServices>;

/** Migrates, loads the built-in sites, and builds everything the app, jobs and CLI run on. */
export async function buildServices(database: Database, config: Config, clock: Clock = () => new Date()) {
  useAuditChainKey(config.auditChainKey);
  await migrateDatabase(database, config);
  await loadBuiltInSites(database.db, clock());
  const sites = await readSiteCatalogue(database.db);
  const domain = buildDomainServices({ db: database.db, sites, clock, publicUrl: config.email.publicUrl });
  // The FHIR facade sits above every service it maps: it is handed them, and names its systems by PUBLIC_URL.
  const systems = systemsOf(config.email.publicUrl);
  const care = createFhirCareService(
    {
      supportPlans: domain.supportPlans,
      actions: domain.actions,
      outcomes: domain.outcomes,
      episodes: domain.episodes,
    },
    systems,
  );
  const fhir = createFhirService({
    clock,
    publicUrl: config.email.publicUrl,
    sites,
    referrals: domain.referrals,
    episodes: domain.episodes,
    partners: domain.partners,
    patients: createFhirPatientService({
      systems,
      sites,
      referrals: domain.referrals,
      episodes: domain.episodes,
      search: domain.search,
      care,
    }),
    care,
    userOf: async (db, id) => {
      const user = await loadViewer(db, id, clock());
      return user && isStaff(user) ? { id: user.id, name: user.name } : undefined;
    },
  });
  // The extract's pseudonyms are keyed with a deployment secret from the config, so it is built here.
  const evaluation = createEvaluationService({ clock, sites, pseudonymisationKey: config.pseudonymisationKey });
  return { config, database, ...domain, fhir, evaluation };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;
