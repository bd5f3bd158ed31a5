// The draft of a case study (issue 15, seed 002): every section written from structured facts only (what kind
// of thing happened, when, which kind of agency), in the general words of generalisation.ts; no free text of
// the record is copied. What it drafts is then scrubbed (anonymiser.ts) of what the person's own values name.
// Pure: plain data in, plain words out, no clock.
import { scrub, type KnownValues } from './anonymiser.ts';
import {
  ageBand,
  agencyType,
  pseudonym,
  regionOfArea,
  regionOfSite,
  relativeTo,
  type Anchor,
  type Gender,
} from './generalisation.ts';

const CONTACT: Record<string, string> = {
  in_prison: 'in prison',
  community: 'in the community',
  home_visit: 'at home',
  phone: 'by phone',
  video: 'by video',
  professional: 'with the professionals around them',
};
const HANDOVER: Record<string, string> = {
  transfer: 'a transfer to another team',
  step_up: 'a step up to Enhanced RECONNECT',
  step_down: 'a step down to RECONNECT',
  out_of_area: 'an out-of-area handover',
};
const MEETING: Record<string, string> = {
  professionals: 'A professionals’ meeting',
  mdt: 'A multidisciplinary team meeting',
  mappa: 'A MAPPA meeting',
  marac: 'A MARAC meeting',
  channel_panel: 'A Channel Panel',
  consultation_review: 'A consultation review',
};

/** What happened, as structured facts only. */
export type CaseEvent =
  | { kind: 'referred'; on: string; source: string }
  | { kind: 'opened'; on: string }
  | { kind: 'assessed'; on: string }
  | { kind: 'plan_started'; on: string }
  | { kind: 'release_date_set'; on: string }
  | { kind: 'released'; on: string; fromCourt: boolean; destinationArea: string | null }
  | { kind: 'recalled'; on: string }
  | { kind: 'contact'; on: string; type: string; outcome: string }
  | { kind: 'handover'; on: string; handoverKind: string; status: string }
  | { kind: 'meeting'; on: string; meetingKind: string }
  | { kind: 'partner_note'; on: string; partnerKind: string | null }
  | { kind: 'sharing'; on: string; direction: string; partnerKind: string | null }
  | { kind: 'closed'; on: string };

/** A safety-net item of the worklist: when it was first raised and when it cleared (null: never). */
export interface MissedItem {
  title: string;
  severity: string;
  raisedOn: string;
  clearedOn: string | null;
  /** The episode closed while it was still raised. */
  openAtClosure: boolean;
}

export interface CaseFacts {
  gender: Gender;
  dateOfBirth: string;
  siteCode: string;
  model: 'RECONNECT' | 'ENHANCED_RECONNECT';
  roshLevel: string | null;
  /** Assessed needs in generic words ("mental health (high)", "hearing"). */
  needs: string[];
  expectedReleaseOn: string | null;
  events: CaseEvent[];
  missed: MissedItem[];
}

export interface CaseStudySections {
  title: string;
  background: string;
  whatHappened: string;
  missedOpportunities: string;
  lessons: string;
}

/** What the manager writes: seed 002's three headings, as prompts. Approval refuses while one is left. */
export const LESSON_PROMPT_MARK = '[Write here]';
export const LESSON_PROMPTS = [
  'Early recognition and referral: what would have identified the needs sooner? ' + LESSON_PROMPT_MARK,
  'Pre-release planning: what should have been in place before release, and who should have known? ' +
    LESSON_PROMPT_MARK,
  'Intra-agency and multi-agency collaboration: who had which part of the picture, and how could it be shared? ' +
    LESSON_PROMPT_MARK,
  'What would you do if someone with these needs presented to your service? ' + LESSON_PROMPT_MARK,
].join('\n\n');

const RELEASE_ANCHOR = 'release';

export function anchorOf(facts: Pick<CaseFacts, 'events' | 'expectedReleaseOn'>): Anchor {
  const released = facts.events.find((e) => e.kind === 'released');
  if (released) return { on: released.on, name: RELEASE_ANCHOR };
  if (facts.expectedReleaseOn) return { on: facts.expectedReleaseOn, name: 'the expected release' };
  const first = facts.events.map((e) => e.on).sort()[0];
  return { on: first ?? '2000-01-01', name: 'the referral' };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function sentenceOf(e: CaseEvent, who: string, home: string, releases: number): string {
  switch (e.kind) {
    case 'referred':
      return `${who} was referred to the team by ${agencyType(e.source)}.`;
    case 'opened':
      return 'The team opened an episode of care.';
    case 'assessed':
      return 'An assessment of needs was completed.';
    case 'plan_started':
      return 'A support plan was started.';
    case 'release_date_set':
      return 'An expected release date was recorded.';
    case 'released': {
      const region = regionOfArea(e.destinationArea);
      const where =
        region === null
          ? e.destinationArea
            ? ', to an area outside the team’s region'
            : ''
          : region === home
            ? `, to an area within ${home}`
            : `, out of the team’s area, to ${region}`;
      return `${who} was released${e.fromCourt ? ' from court' : ''}${where}${releases > 1 ? ' (a further release)' : ''}.`;
    }
    case 'recalled':
      return `${who} was recalled to custody.`;
    case 'contact': {
      const how = CONTACT[e.type] ?? 'in another way';
      if (e.outcome === 'attended') return `The team had contact with ${who} ${how}.`;
      if (e.outcome === 'did_not_attend') return `A contact ${how} was arranged, but ${who} did not attend.`;
      return `A contact ${how} was cancelled.`;
    }
    case 'handover':
      return `The team asked for ${HANDOVER[e.handoverKind] ?? 'a handover'}${e.status === 'accepted' ? ', which was accepted' : e.status === 'declined' ? ', which was declined' : ''}.`;
    case 'meeting':
      return `${MEETING[e.meetingKind] ?? 'A meeting'} was held about ${who}.`;
    case 'partner_note':
      return `The team heard from ${agencyType(e.partnerKind)}.`;
    case 'sharing':
      return e.direction === 'received'
        ? `Information was received from ${agencyType(e.partnerKind)}.`
        : `Information was shared with ${agencyType(e.partnerKind)}.`;
    case 'closed':
      return 'The episode of care was closed.';
  }
}

/** Consecutive contacts of the same kind and outcome on one day are one line. */
function lines(facts: CaseFacts, who: string, anchor: Anchor): string[] {
  const home = regionOfSite(facts.siteCode);
  const ordered = [...facts.events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const out: string[] = [];
  let releases = 0;
  let previous = '';
  for (const e of ordered) {
    if (e.kind === 'released') releases++;
    const text = `${capitalise(relativeTo(e.on, anchor))}: ${sentenceOf(e, who, home, releases)}`;
    if (text !== previous) out.push(text);
    previous = text;
  }
  return out;
}

const SERVICE = { RECONNECT: 'RECONNECT', ENHANCED_RECONNECT: 'Enhanced RECONNECT' } as const;
const ROSH: Record<string, string> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  very_high: 'very high',
};

/** The draft: every section from structured facts, then scrubbed of what `known` names. */
export function draftCaseStudy(facts: CaseFacts, known: KnownValues): CaseStudySections {
  const who = pseudonym(facts.gender);
  const anchor = anchorOf(facts);
  const home = regionOfSite(facts.siteCode);
  const referred = facts.events.find((e) => e.kind === 'referred')?.on ?? anchor.on;
  const needs = facts.needs.length ? facts.needs.join('; ') : 'none recorded in an assessment';
  const background = [
    `${who} is ${ageBand(facts.dateOfBirth, referred)} and was supported by a ${SERVICE[facts.model]} team in ${home}.`,
    `Assessed needs: ${needs}.`,
    facts.roshLevel ? `Risk of serious harm: ${ROSH[facts.roshLevel] ?? 'recorded'}.` : '',
    `Dates are given relative to ${anchor.name}.`,
  ]
    .filter(Boolean)
    .join('\n');
  const happened = lines(facts, who, anchor);
  const missed = facts.missed.map((m) => {
    const raised = relativeTo(m.raisedOn, anchor);
    const end = m.clearedOn
      ? `cleared ${relativeTo(m.clearedOn, anchor)}`
      : m.openAtClosure
        ? 'still raised when the episode closed'
        : 'not yet cleared';
    return `${m.title} (${m.severity} priority): raised ${raised}; ${end}.`;
  });
  const sections: CaseStudySections = {
    title: `Case study: ${who}, ${ageBand(facts.dateOfBirth, referred)}, ${home}`,
    background,
    whatHappened: happened.length ? happened.join('\n') : 'Nothing is recorded yet.',
    missedOpportunities: missed.length
      ? ['The safety-net worklist raised these items:', ...missed].join('\n')
      : 'The safety-net worklist raised no items for this episode.',
    lessons: LESSON_PROMPTS,
  };
  return {
    title: scrub(sections.title, known),
    background: scrub(sections.background, known),
    whatHappened: scrub(sections.whatHappened, known),
    missedOpportunities: scrub(sections.missedOpportunities, known),
    lessons: sections.lessons,
  };
}
