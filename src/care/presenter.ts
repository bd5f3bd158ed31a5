// Rows of assessments, formulations and the support plan as the API (docs/api/care.md) and the pages show
// them; views never see rows.
import {
  DOMAINS,
  NEED_LEVEL_LABELS,
  domainDefinition,
  type DomainAnswer,
  type DomainDefinition,
  type DomainField,
} from './domains.ts';
import {
  assessedNeeds,
  assessmentProgress,
  type AssessmentProgress,
  type ReviewDue,
  type TaskStatus,
} from './rules.ts';
import { ACTION_STATUSES } from './schema.ts';
import { FIVE_PS } from './forms.ts';
import type { AssessmentRow, FormulationRow, Names } from './repository.ts';
import type { ActionRow, GoalRow, ReviewRow } from './planRepository.ts';
const person = (names: Names, id: string | null) => (id ? { id, name: names.get(id) ?? null } : null);

export function domainsOf(row: AssessmentRow): Record<string, DomainAnswer> {
  return row.domains as Record<string, DomainAnswer>;
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
    DOMAINS.flatMap((d) => {
      const answer = stored[d.code];
      return answer ? [[d.code, { label: d.label, ...answer }]] : [];
    }),
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
    updatedAt: row.updatedAt.toISOString(),
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
    updatedAt: row.updatedAt.toISOString(),
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

/** What every care page shows above its part (views/_header.njk), and whether the viewer may change the record. */
export interface CareHeader {
  episode: { id: string; referralId: string };
  person: { reference: string; name: string };
  siteName: string;
  /** The site's own team may change the record (access/policies/care.ts), while the episode is open. */
  canChange: boolean;
  closed: boolean;
}

/** NHS task list statuses (service manual, task list). */
export const TASK_STATUS_TEXT: Record<TaskStatus, string> = {
  not_started: 'Not yet started',
  incomplete: 'Incomplete',
  completed: 'Completed',
};
const TAG_CLASSES: Record<string, string> = { not_started: 'nhsuk-tag--grey', incomplete: 'nhsuk-tag--blue' };

export const ACTION_STATUS_TEXT: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const OUTCOME_TEXT: Record<string, string> = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
};
const NEED_LABELS = Object.fromEntries(DOMAINS.map((d) => [d.code, d.label]));

function valueText(field: DomainField, value: unknown): string {
  if (field.kind === 'boolean') return value ? 'Yes' : 'No';
  if (field.kind === 'choice') return field.options.find((o) => o.value === value)?.text ?? String(value);
  if (field.kind === 'multi')
    return (value as string[]).map((v) => field.options.find((o) => o.value === v)?.text ?? v).join(', ');
  return String(value);
}

/** "Level of need: High", then each answered field as "Label: value", then the notes. */
export function answerLines(domain: DomainDefinition, answer: DomainAnswer | undefined): string[] {
  if (!answer) return ['Not assessed'];
  const lines = answer.level ? [`Level of need: ${NEED_LEVEL_LABELS[answer.level]}`] : [];
  for (const field of domain.fields) {
    const value = answer.fields[field.name];
    if (value !== undefined) lines.push(`${field.label}: ${valueText(field, value)}`);
  }
  if (answer.notes) lines.push(`Notes: ${answer.notes}`);
  return lines;
}

const titled = (title: string, header: CareHeader) => ({
  pageTitle: `${title}: ${header.person.name}`,
  section: 'caseload',
  backHref: `/episodes/${header.episode.id}`,
});

/** The assessment page: the NHS task list of the one shown, its findings, and every assessment. */
export function presentAssessmentPage(
  header: CareHeader,
  list: AssessmentSummary[],
  current: AssessmentView | undefined,
) {
  const editable = header.canChange && current?.status === 'in_progress';
  return {
    ...titled('Assessment', header),
    ...header,
    list,
    current,
    taskItems: current?.progress.items.map((item) => ({
      heading: { text: item.label },
      hint: { text: item.hint },
      ...(editable ? { href: `/episodes/${header.episode.id}/assessment/${item.domain}` } : {}),
      status:
        item.status === 'completed'
          ? { text: TASK_STATUS_TEXT.completed }
          : { tag: { text: TASK_STATUS_TEXT[item.status], classes: TAG_CLASSES[item.status] } },
    })),
    editable,
    findings: current
      ? DOMAINS.map((d) => ({ code: d.code, label: d.label, lines: answerLines(d, current.domains[d.code]) }))
      : [],
    latest: list[0],
    canStart: header.canChange && !list.some((a) => a.status === 'in_progress'),
    levelText: NEED_LEVEL_LABELS,
    needLabels: NEED_LABELS,
  };
}

/** One domain's form of the assessment in progress (its controls come from assessmentForms.ts). */
export function presentDomainPage(header: CareHeader, current: AssessmentView, domain: DomainDefinition) {
  return {
    pageTitle: `${domain.label}: assessment ${current.number}`,
    section: 'caseload',
    backHref: `/episodes/${header.episode.id}/assessment`,
    ...header,
    current,
    domain,
  };
}

/** The formulation page: the current revision and the earlier ones. */
export function presentFormulationPage(header: CareHeader, revisions: FormulationView[]) {
  const [current, ...earlier] = revisions;
  return { ...titled('Formulation', header), ...header, current, earlier, fiveParts: FIVE_PS };
}

/** The support plan page: goals with their actions, reviews, and the team who may own an action. */
export function presentPlanPage(header: CareHeader, plan: PlanView, staff: { id: string; name: string }[]) {
  return {
    ...titled('Support plan', header),
    ...header,
    plan,
    staff,
    needLabels: NEED_LABELS,
    statusText: ACTION_STATUS_TEXT,
    outcomeText: OUTCOME_TEXT,
    statuses: ACTION_STATUSES,
  };
}
