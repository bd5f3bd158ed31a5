// Rows to what the anonymiser reads (structured facts, and the person's own values to remove), and case study
// rows to the API's body and the pages' view.
import { DOMAINS } from '../care/domains.ts';
import { formatDateTime } from '../web/format.ts';
import type { KnownValues } from './anonymiser.ts';
import type { CaseEvent, CaseFacts, CaseStudySections, MissedItem } from './draft.ts';
import type { CaseEpisode, CaseStudyRow, EpisodeFactRows } from './repository.ts';
import type { SiteDefinition } from '../sites/policy.ts';

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v !== null && typeof v === 'object' ? (v as Loose) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

const LEVEL_WORDS: Record<string, string> = { low: 'low', medium: 'medium', high: 'high' };
const FLAGS: Record<string, Record<string, string>> = {
  communication: { hearingNeeds: 'hearing', sightNeeds: 'eyesight', literacyNeeds: 'reading and writing' },
  cognition: { memoryConcerns: 'memory', executiveCapacityConcerns: 'executive capacity' },
};

/** Assessed needs in generic words: each domain with a need and its level, and the flags seed 002 lists. */
export function needsOf(domains: Loose | null): string[] {
  if (!domains) return [];
  const out: string[] = [];
  for (const d of DOMAINS) {
    if (!d.hasLevel) continue;
    const answer = obj(domains[d.code]);
    const level = str(answer.level);
    if (!level || !LEVEL_WORDS[level]) continue;
    const fields = obj(answer.fields);
    const flags = Object.entries(FLAGS[d.code] ?? {})
      .filter(([name]) => fields[name] === true)
      .map(([, text]) => text);
    out.push(`${d.label.toLowerCase()} (${LEVEL_WORDS[level]}${flags.length ? `: ${flags.join(', ')}` : ''})`);
  }
  return out;
}

export function caseFactsOf(
  episode: CaseEpisode,
  rows: EpisodeFactRows,
  missed: MissedItem[],
  model: CaseFacts['model'],
): CaseFacts {
  const details = obj(episode.details);
  const custody = obj(details.custody);
  const receivedOn = episode.receivedAt.toISOString().slice(0, 10);
  const events: CaseEvent[] = [
    { kind: 'referred', on: receivedOn, source: episode.sourceType },
    { kind: 'opened', on: episode.openedOn },
  ];
  let expected: string | null = str(custody.expectedReleaseDate);
  for (const e of rows.events) {
    const data = obj(e.data);
    if (e.kind === 'release_date_set') {
      expected = str(data.expectedReleaseDate) ?? expected;
      events.push({ kind: 'release_date_set', on: e.on });
    } else if (e.kind === 'released')
      events.push({
        kind: 'released',
        on: e.on,
        fromCourt: data.from === 'court',
        destinationArea: str(obj(data.destination).localAuthority),
      });
    else if (e.kind === 'recalled') events.push({ kind: 'recalled', on: e.on });
    else if (e.kind === 'closed') events.push({ kind: 'closed', on: e.on });
  }
  for (const c of rows.contacts) events.push({ kind: 'contact', on: c.on, type: c.type, outcome: c.outcome });
  for (const h of rows.handovers) events.push({ kind: 'handover', on: h.on, handoverKind: h.kind, status: h.status });
  for (const m of rows.meetings) events.push({ kind: 'meeting', on: m.on, meetingKind: m.kind });
  for (const n of rows.partnerNotes) events.push({ kind: 'partner_note', on: n.on, partnerKind: n.partnerKind });
  for (const s of rows.sharing)
    events.push({ kind: 'sharing', on: s.on, direction: s.direction, partnerKind: s.partnerKind });
  if (rows.assessedOn) events.push({ kind: 'assessed', on: rows.assessedOn });
  if (rows.planStartedOn) events.push({ kind: 'plan_started', on: rows.planStartedOn });
  return {
    gender: null,
    dateOfBirth: episode.dateOfBirth,
    siteCode: episode.siteCode,
    model,
    roshLevel: str(details.roshLevel),
    needs: needsOf(rows.assessmentDomains),
    expectedReleaseOn: expected,
    events,
    missed,
  };
}

/** The site's own model, when the referral body does not say. */
export const modelOf = (site: SiteDefinition | undefined): CaseFacts['model'] =>
  site?.model === 'ENHANCED_RECONNECT' ? 'ENHANCED_RECONNECT' : 'RECONNECT';

/** Every value of the person's own that must not reach a case study, from the referral, the person and the plans. */
export function knownValuesOf(episode: CaseEpisode, rows: EpisodeFactRows): KnownValues {
  const details = obj(episode.details);
  const person = obj(details.person);
  const source = obj(details.source);
  const custody = obj(details.custody);
  const plan = obj(rows.releasePlan);
  const destination = obj(plan.destination);
  const all = (values: unknown[]) => values.map(str).filter((v): v is string => v !== null);
  return {
    names: all([
      episode.givenName,
      episode.familyName,
      `${episode.givenName} ${episode.familyName}`,
      episode.person.givenName,
      episode.person.familyName,
      person.givenName,
      person.familyName,
      source.name,
    ]),
    identifiers: all([
      episode.reference,
      episode.person.nhsNumber,
      episode.person.prisonNumber,
      episode.person.crn,
      episode.person.pncId,
      person.nhsNumber,
      person.prisonNumber,
      person.crn,
      person.pncId,
      source.email,
      source.phone,
    ]),
    dates: all([episode.dateOfBirth, person.dateOfBirth]),
    places: all([
      custody.establishment,
      custody.resettlementArea,
      source.organisation,
      destination.address,
      destination.postcode,
      destination.localAuthority,
      plan.approvedPremises,
      obj(plan.gp).practice,
      obj(plan.substanceMisuse).service,
      obj(plan.mentalHealthHandover).service,
      obj(plan.accommodation).dutyToReferLocalAuthority,
      ...rows.partnerNotes.map((n) => n.partnerName),
      ...rows.sharing.map((s) => s.partnerName),
    ]),
  };
}

export const sectionsOf = (row: CaseStudyRow): CaseStudySections => ({
  title: row.title,
  background: row.background,
  whatHappened: row.whatHappened,
  missedOpportunities: row.missedOpportunities,
  lessons: row.lessons,
});

/** The whole case study as one text, headed by section (the API's `text`). */
export function textOf(s: CaseStudySections): string {
  return [
    s.title,
    `Background\n${s.background}`,
    `What happened\n${s.whatHappened}`,
    `Missed opportunities\n${s.missedOpportunities}`,
    `Lessons\n${s.lessons}`,
  ].join('\n\n');
}

/** API.md `{"id","status":"draft","text"}`, with the sections and version beside them. */
export function caseStudyBody(row: CaseStudyRow) {
  return {
    id: row.id,
    episodeId: row.episodeId,
    status: row.status,
    text: textOf(sectionsOf(row)),
    sections: sectionsOf(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
  };
}

export function caseStudyListItem(row: CaseStudyRow) {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    statusText: row.status === 'approved' ? 'Approved' : 'Draft',
    createdAt: formatDateTime(row.createdAt),
    approvedAt: row.approvedAt ? formatDateTime(row.approvedAt) : null,
  };
}
