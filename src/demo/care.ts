// Demo data: a few of the demo episodes get an assessment, a formulation and a support plan, so that the
// assessment task list, the formulation and the plan have something to show. The last one's assessment is
// left in progress, to show the task list part-way through. Fictional people, fictional words.
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { DOMAINS, type DomainCode } from '../care/domains.ts';
import { domainAnswerSchema } from '../care/schema.ts';
import { hasCareRecord } from '../care/repository.ts';

const ANSWERS: Partial<Record<DomainCode, object>> = {
  mental_health: {
    level: 'high',
    notes: 'Low mood and poor sleep since his mother died; says drinking helps him sleep.',
    fields: { diagnoses: 'Depression', secondaryCare: false },
  },
  physical_health: {
    level: 'medium',
    fields: { conditions: 'Type 2 diabetes', medication: 'Metformin', mobilityNeeds: false },
  },
  substance_use: { level: 'high', fields: { substances: ['alcohol'], opioidSubstitution: false, injecting: false } },
  communication: {
    level: 'medium',
    fields: {
      hearingNeeds: true,
      sightNeeds: false,
      literacyNeeds: true,
      firstLanguage: 'English',
      interpreterNeeded: false,
      formats: ['easy_read', 'large_print'],
    },
  },
  cognition: {
    level: 'medium',
    fields: { memoryConcerns: true, executiveCapacityConcerns: true, capacityAssessmentNeeded: false },
  },
  accommodation: { level: 'high', fields: { onRelease: 'none', dutyToReferMade: false } },
  money: {
    level: 'medium',
    fields: { benefitsInPlace: false, bankAccount: false, debts: true, moneyManagementSupport: true },
  },
  identification: { level: 'medium', fields: { hasId: false } },
  risk_to_others: { level: 'high', fields: { rosh: 'high', mappaCategory: '2', mappaLevel: '2' } },
  risk_to_self: { level: 'low', fields: { selfHarmHistory: true, suicideAttempts: false, acctOpen: false } },
  safeguarding: {
    level: 'medium',
    notes: 'Was exploited financially after his last release.',
    fields: { exploitation: ['financial', 'cuckooing'], safeguardingReferralMade: false },
  },
  strengths: {
    fields: {
      strengths: 'Close to his sister; a good cook; kept a job in the prison kitchen for two years',
      whatHelps: 'Being told things face to face, one thing at a time',
    },
  },
};
const answer = (domain: (typeof DOMAINS)[number]) =>
  domainAnswerSchema(domain).parse({
    complete: true,
    ...(domain.hasLevel ? { level: 'low' } : {}),
    ...ANSWERS[domain.code],
  });

const FORMULATION = {
  presenting: 'Drinking daily to sleep; worried about where he will live; finds letters and forms hard to follow.',
  predisposing: 'Grew up in care; left school without qualifications; hearing loss since childhood.',
  precipitating: 'His mother’s death last year, and losing his flat when he was recalled.',
  perpetuating: 'No settled address, no GP, isolation from his family and debts he cannot read about.',
  protective: 'His sister, his cooking, and the trust he built with the prison kitchen staff.',
  writtenWithPerson: true,
  personsView: 'I just want somewhere of my own and to stop drinking so much.',
};

/**
 * Gives up to `limit` open episodes at `worker`'s sites (visible to them, with no assessment yet) an
 * assessment, a formulation and a support plan with actions and a review. Returns the episodes seeded.
 */
export async function seedCareDemo(services: Services, worker: Viewer, limit = 3): Promise<string[]> {
  const { db, clock, assessments, formulations, supportPlans: plan } = services;
  const today = londonDate(clock());
  const seeded: string[] = [];
  const episodes = await db.transaction((tx) => services.episodes.list(tx, worker, {}));
  for (const episode of episodes) {
    if (seeded.length >= limit) break;
    if (episode.status === 'closed' || !can(worker, 'changeCareRecord', { siteCode: episode.site })) continue;
    // Only episodes with no care record of any kind yet: the demo never adds to someone's real work.
    if (await hasCareRecord(db, episode.id)) continue;
    const last = seeded.length === limit - 1;
    await db.transaction(async (tx) => {
      let view = await assessments.start(tx, worker, episode.id, { startFrom: 'blank' });
      for (const domain of last ? DOMAINS.slice(0, 5) : DOMAINS)
        view = await assessments.saveDomain(
          tx,
          worker,
          episode.id,
          String(view.number),
          domain.code,
          answer(domain),
          view.version,
        );
      if (last) return;
      await assessments.complete(tx, worker, episode.id, String(view.number), view.version);
      await formulations.revise(tx, worker, episode.id, FORMULATION);
      const housing = await plan.addGoal(tx, worker, episode.id, {
        needDomain: 'accommodation',
        description: 'Somewhere safe of my own to live, near my sister',
      });
      await plan.addAction(tx, worker, episode.id, housing.id, {
        description: 'Make the Duty to Refer to the council',
        owner: { kind: 'team_member', userId: worker.id },
        dueOn: addDaysIso(today, 5),
        status: 'in_progress',
      });
      await plan.addAction(tx, worker, episode.id, housing.id, {
        description: 'Housing options assessment',
        owner: { kind: 'agency', agency: 'Local council housing options team' },
        dueOn: addDaysIso(today, 21),
        status: 'not_started',
      });
      const drinking = await plan.addGoal(tx, worker, episode.id, {
        needDomain: 'substance_use',
        description: 'Cut down drinking and sleep better',
      });
      await plan.addAction(tx, worker, episode.id, drinking.id, {
        description: 'Go to the first appointment at the community alcohol service',
        owner: { kind: 'person' },
        dueOn: addDaysIso(today, 14),
        status: 'not_started',
      });
      await plan.addGoal(tx, worker, episode.id, {
        needDomain: 'strengths',
        description: 'Cook a meal for my sister’s family',
      });
      await plan.addReview(tx, worker, episode.id, {
        reviewedOn: today,
        notes: 'Plan agreed with him on the wing; housing first. Easy read copy given.',
        withPerson: true,
      });
    });
    seeded.push(episode.id);
  }
  return seeded;
}
