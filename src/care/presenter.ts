// Rows of assessments, formulations and the support plan as the API (docs/api/care.md) and pages show them.
import {
  DOMAINS,
  assessedNeeds,
  assessmentProgress,
  domainDefinition,
  type AssessmentProgress,
  type DomainAnswer,
  type ReviewDue,
} from './domains.ts';
import type { ActionRow, AssessmentRow, FormulationRow, GoalRow, ReviewRow } from './careRepository.ts';

export type Names = Map<string, string>;
const person = (names: Names, id: string | null) => (id ? { id, name: names.get(id) ?? null } : null);

export function domainsOf(row: AssessmentRow): Record<string, DomainAnswer> {
  return (row.domains ?? {}) as Record<string, DomainAnswer>;
}

export interface AssessmentSummary {
  number: number;
  status: 'in_progress' | 'completed';
  startedAt: string;
  startedBy: { id: string; name: string | null } | null;
  completedAt: string | null;
  completedBy: { id: string; name: string | null } | null;
  needs: string[];
  completedDomains: number;
  totalDomains: number;
  version: number;
}

export interface AssessmentView extends AssessmentSummary {
  domains: Record<string, DomainAnswer & { label: string }>;
  progress: AssessmentProgress;
}

export function presentAssessmentSummary(row: AssessmentRow, names: Names): AssessmentSummary {
  const domains = domainsOf(row);
  const progress = assessmentProgress(domains);
  return {
    number: row.number,
    status: row.status as AssessmentSummary['status'],
    startedAt: row.startedAt.toISOString(),
    startedBy: person(names, row.startedBy),
    completedAt: row.completedAt?.toISOString() ?? null,
    completedBy: person(names, row.completedBy),
    needs: assessedNeeds(domains),
    completedDomains: progress.completed,
    totalDomains: progress.total,
    version: row.version,
  };
}

export function presentAssessment(row: AssessmentRow, names: Names): AssessmentView {
  const stored = domainsOf(row);
  const domains = Object.fromEntries(
    DOMAINS.filter((d) => stored[d.code]).map((d) => [d.code, { label: d.label, ...stored[d.code]! }]),
  );
  return { ...presentAssessmentSummary(row, names), domains, progress: assessmentProgress(stored) };
}

export function presentFormulation(row: FormulationRow, names: Names) {
  return {
    number: row.number,
    presenting: row.presenting,
    predisposing: row.predisposing,
    precipitating: row.precipitating,
    perpetuating: row.perpetuating,
    protective: row.protective,
    writtenWithPerson: row.writtenWithPerson,
    personsView: row.personsView,
    recordedBy: person(names, row.recordedBy),
    recordedAt: row.recordedAt.toISOString(),
  };
}
export type FormulationView = ReturnType<typeof presentFormulation>;

export function presentAction(row: ActionRow, names: Names, today: string) {
  const owner =
    row.ownerKind === 'team_member'
      ? {
          kind: 'team_member' as const,
          userId: row.ownerUserId,
          name: row.ownerUserId ? (names.get(row.ownerUserId) ?? null) : null,
        }
      : row.ownerKind === 'agency'
        ? { kind: 'agency' as const, agency: row.ownerAgency }
        : { kind: 'person' as const };
  const open = row.status === 'not_started' || row.status === 'in_progress';
  return {
    id: row.id,
    goalId: row.goalId,
    description: row.description,
    owner,
    dueOn: row.dueOn,
    status: row.status,
    completedOn: row.completedOn,
    overdue: open && row.dueOn !== null && row.dueOn < today,
    version: row.version,
  };
}
export type ActionView = ReturnType<typeof presentAction>;

export function presentGoal(row: GoalRow, actions: ActionView[], names: Names) {
  return {
    id: row.id,
    needDomain: row.needDomain,
    needLabel: domainDefinition(row.needDomain)?.label ?? row.needDomain,
    description: row.description,
    outcome: row.outcome,
    createdBy: person(names, row.createdBy),
    createdAt: row.createdAt.toISOString(),
    version: row.version,
    actions,
  };
}
export type GoalView = ReturnType<typeof presentGoal>;

export function presentReview(row: ReviewRow, names: Names) {
  return {
    id: row.id,
    reviewedOn: row.reviewedOn,
    notes: row.notes,
    withPerson: row.withPerson,
    nextReviewOn: row.nextReviewOn,
    reviewedBy: person(names, row.reviewedBy),
    recordedAt: row.recordedAt.toISOString(),
  };
}
export type ReviewView = ReturnType<typeof presentReview>;

export interface PlanView {
  goals: GoalView[];
  reviews: ReviewView[];
  nextReview: ReviewDue;
  reviewEveryWeeks: number;
  /** Domains a new goal may be linked to: assessed needs, and strengths. */
  needDomains: string[];
}
