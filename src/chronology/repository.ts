// SQL of the one chronology of a person (issue 11): two statements, whatever the number of entries.
//
// 1. `visibleRecords`: the person's referrals (and their episodes) the viewer may see. This is the only place
//    need-to-know is applied (referralScope, access/scopes.ts), once for the whole read.
// 2. `entriesOf`: one UNION ALL over every table that says something happened (the timeline, contacts,
//    episode events, assessments, formulations, the support plan, handovers, meetings and their actions,
//    consent, the sharing log, partner notes and the network), each branch joined to the visible records of
//    step 1 by an indexed episode or referral id, so a restricted episode's entries are never read for a
//    viewer who may not see it. Times come back as epoch milliseconds and dates as text, the same on both
//    drivers; the service orders them (by when it happened, then when it was recorded).
import { eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
import { episodes, referrals } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export interface VisibleRecord {
  referralId: string;
  episodeId: string | null;
  siteCode: string;
  reference: string;
  personName: string;
  restricted: boolean;
}

export async function visibleRecords(db: Queryable, viewer: Viewer, personId: string): Promise<VisibleRecord[]> {
  if (!isUuid(personId)) return [];
  return db
    .select({
      referralId: referrals.id,
      episodeId: episodes.id,
      siteCode: referrals.siteCode,
      reference: referrals.reference,
      personName: sql<string>`${referrals.givenName} || ' ' || ${referrals.familyName}`,
      restricted: referrals.restricted,
    })
    .from(referrals)
    .leftJoin(episodes, eq(episodes.referralId, referrals.id))
    .where(sql`${referrals.personId} = ${personId} and ${referralScope(viewer)}`)
    .orderBy(referrals.receivedAt);
}

/** One entry as the union returns it; `data` holds the branch's own facts for the presenter. */
export interface EntryRow {
  /** Which table (and which moment of a row, for tables with two: started and completed...). */
  src: string;
  /** The timeline's kind, or the branch's own event name. */
  event: string;
  occurred_ms: number | null;
  /** For what is known only by its date (a release, a meeting, a review): the service places it at midday. */
  occurred_on: string | null;
  recorded_ms: number;
  referral_id: string;
  episode_id: string | null;
  /** The team it came from (site code); null when it came from a partner. */
  team: string | null;
  partner_id: string | null;
  partner_name: string | null;
  /** The organisation named as text (an action's owner, a handover's other team), when not a partner. */
  organisation: string | null;
  recorded_by_name: string | null;
  row_id: string;
  data: Record<string, unknown>;
}

/** Timeline kinds read from their own tables below (with when they happened and what they said). */
const FROM_OWN_TABLES_PREFIXES = [
  'assessment',
  'formulation',
  'plan',
  'handover',
  'meeting',
  'action',
  'sharing',
  'consent',
  'partner_note',
  'network',
];
const FROM_OWN_TABLES_KINDS = ['contact.recorded', 'episode.released', 'episode.recalled', 'episode.release_date_set'];

const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

function visibleValues(records: readonly VisibleRecord[]): SQL {
  const rows = records.map((r) => sql`(${r.referralId}::uuid, ${r.episodeId}::uuid, ${r.siteCode}::text)`);
  return sql`vis(referral_id, episode_id, site_code) as (values ${sql.join(rows, sql`, `)})`;
}

// An action agreed is recorded with its meeting, a millisecond apart in the order agreed
// (meetings/service.ts); one more millisecond keeps each just after its meeting's record in the chronology.

/** An action owned by the team or one of its members comes from the team; else from its owner's agency. */
const teamOwned = sql.raw(
  'case when ma.owner_site_code is not null or ma.owner_user_id is not null then vis.site_code end',
);

/** Every entry about the visible records (the latest `limit` recorded; the service orders them). */
export async function entriesOf(
  db: Queryable,
  personId: string,
  records: readonly VisibleRecord[],
  limit = 10_000,
): Promise<EntryRow[]> {
  if (!records.length) return [];
  return rowsOf<EntryRow>(await db.execute(entriesQuery(personId, records, limit)));
}

/** The UNION ALL itself (exported for EXPLAIN in the benchmark's notes). */
export function entriesQuery(personId: string, records: readonly VisibleRecord[], limit: number): SQL {
  return sql`with ${visibleValues(records)}
select u.src, u.event, u.occurred_ms, u.occurred_on, u.recorded_ms, u.referral_id, u.episode_id, u.team,
       u.partner_id, p.name as partner_name, u.organisation, usr.name as recorded_by_name, u.row_id, u.data
from (
  select 'timeline' as src, t.kind as event, ${ms('t.at')} as occurred_ms, null::text as occurred_on,
         ${ms('t.at')} as recorded_ms, vis.referral_id, vis.episode_id, vis.site_code as team,
         null::uuid as partner_id, null::text as organisation, t.actor_id as recorded_by, t.id::text as row_id,
         jsonb_build_object('summary', t.summary) as data
  from timeline_events t join vis on vis.referral_id = t.referral_id
  where t.person_id = ${personId}
    and split_part(t.kind, '.', 1) not in (${list(FROM_OWN_TABLES_PREFIXES)})
    and t.kind not in (${list(FROM_OWN_TABLES_KINDS)})
  union all
  select 'contact', 'contact.' || c.outcome, ${ms('c.at')}, null, ${ms('c.recorded_at')}, vis.referral_id,
         vis.episode_id, vis.site_code, null, null, c.recorded_by, c.id::text,
         jsonb_build_object('type', c.type, 'outcome', c.outcome, 'durationMinutes', c.duration_minutes,
           'notes', c.notes, 'present', c.present, 'cancelledReason', c.cancelled_reason)
  from contacts c join vis on vis.episode_id = c.episode_id
  union all
  select 'episode_event', ee.kind, null, ee.on::text, ${ms('ee.recorded_at')}, vis.referral_id, vis.episode_id,
         vis.site_code, null, null, ee.recorded_by, ee.id::text, ee.data
  from episode_events ee join vis on vis.episode_id = ee.episode_id
  where ee.kind in ('release_date_set', 'released', 'recalled')
  union all
  select 'assessment', 'assessment.started', ${ms('a.started_at')}, null, ${ms('a.started_at')}, vis.referral_id,
         vis.episode_id, vis.site_code, null, null, a.started_by, a.id::text,
         jsonb_build_object('number', a.number)
  from assessments a join vis on vis.episode_id = a.episode_id
  union all
  select 'assessment', 'assessment.completed', ${ms('a.completed_at')}, null, ${ms('a.completed_at')},
         vis.referral_id, vis.episode_id, vis.site_code, null, null, a.completed_by, a.id::text || ':done',
         jsonb_build_object('number', a.number, 'levels',
           (select coalesce(jsonb_object_agg(d.key, d.value -> 'level'), '{}'::jsonb) from jsonb_each(a.domains) d))
  from assessments a join vis on vis.episode_id = a.episode_id
  where a.completed_at is not null
  union all
  select 'formulation', 'formulation.recorded', ${ms('f.recorded_at')}, null, ${ms('f.recorded_at')},
         vis.referral_id, vis.episode_id, vis.site_code, null, null, f.recorded_by, f.id::text,
         jsonb_build_object('number', f.number, 'writtenWithPerson', f.written_with_person, 'presenting', f.presenting)
  from formulations f join vis on vis.episode_id = f.episode_id
  union all
  select 'plan', 'plan.goal_added', ${ms('g.created_at')}, null, ${ms('g.created_at')}, vis.referral_id,
         vis.episode_id, vis.site_code, null, null, g.created_by, g.id::text,
         jsonb_build_object('needDomain', g.need_domain, 'description', g.description, 'outcome', g.outcome)
  from plan_goals g join vis on vis.episode_id = g.episode_id
  union all
  select 'plan', 'plan.action_added', ${ms('pa.created_at')}, null, ${ms('pa.created_at')}, vis.referral_id,
         vis.episode_id, vis.site_code, null, pa.owner_agency, pa.created_by, pa.id::text,
         jsonb_build_object('description', pa.description, 'ownerKind', pa.owner_kind, 'ownerAgency', pa.owner_agency,
           'dueOn', pa.due_on, 'status', pa.status, 'completedOn', pa.completed_on)
  from plan_actions pa join vis on vis.episode_id = pa.episode_id
  union all
  select 'plan', 'plan.reviewed', null, pr.reviewed_on::text, ${ms('pr.recorded_at')}, vis.referral_id,
         vis.episode_id, vis.site_code, null, null, pr.reviewed_by, pr.id::text,
         jsonb_build_object('notes', pr.notes, 'withPerson', pr.with_person, 'nextReviewOn', pr.next_review_on)
  from plan_reviews pr join vis on vis.episode_id = pr.episode_id
  union all
  select 'handover', 'handover.requested', ${ms('h.requested_at')}, null, ${ms('h.requested_at')},
         vis.referral_id, vis.episode_id, vis.site_code, null, null, h.requested_by, h.id::text,
         jsonb_build_object('kind', h.kind, 'toSite', h.to_site_code, 'reason', h.reason)
  from handovers h join vis on vis.episode_id = h.episode_id
  union all
  select 'handover', 'handover.' || h.status, ${ms('h.decided_at')}, null, ${ms('h.decided_at')},
         vis.referral_id, vis.episode_id, h.to_site_code, null, null, h.decided_by, h.id::text || ':decided',
         jsonb_build_object('kind', h.kind, 'toSite', h.to_site_code, 'status', h.status, 'note', h.decision_note)
  from handovers h join vis on vis.episode_id = h.episode_id
  where h.decided_at is not null
  union all
  select 'meeting', 'meeting.' || m.kind, null, m.held_on::text, ${ms('m.recorded_at')}, vis.referral_id,
         vis.episode_id, case when m.convened_by_partner_id is null then vis.site_code end,
         m.convened_by_partner_id, null, m.recorded_by, m.id::text,
         jsonb_build_object('meetingId', m.id, 'kind', m.kind, 'mappaLevel', m.mappa_level,
           'mappaCategory', m.mappa_category, 'summary', m.summary, 'decisions', m.decisions,
           'attendees', m.attendees, 'teamContribution', m.team_contribution)
  from meetings m join vis on vis.episode_id = m.episode_id
  union all
  select 'action', 'action.agreed', null, m.held_on::text, ${ms('ma.created_at')} + 1, vis.referral_id,
         vis.episode_id, ${teamOwned}, ma.owner_partner_id, ma.owner_organisation, m.recorded_by, ma.id::text,
         jsonb_build_object('actionId', ma.id, 'meetingKind', m.kind, 'description', ma.description,
           'ownerName', ma.owner_name, 'dueOn', ma.due_on, 'status', ma.status)
  from meeting_actions ma join meetings m on m.id = ma.meeting_id join vis on vis.episode_id = ma.episode_id
  union all
  select 'action', 'action.' || ma.status, ${ms('ma.closed_at')}, null, ${ms('ma.closed_at')}, vis.referral_id,
         vis.episode_id, ${teamOwned}, ma.owner_partner_id, ma.owner_organisation, ma.closed_by,
         ma.id::text || ':closed',
         jsonb_build_object('actionId', ma.id, 'description', ma.description, 'ownerName', ma.owner_name,
           'note', ma.closed_note, 'dueOn', ma.due_on)
  from meeting_actions ma join vis on vis.episode_id = ma.episode_id
  where ma.closed_at is not null
  union all
  select 'sharing', 'sharing.' || s.direction, null, s.shared_on::text, ${ms('s.recorded_at')}, vis.referral_id,
         vis.episode_id, null, s.partner_id, null, s.recorded_by, s.id::text,
         jsonb_build_object('direction', s.direction, 'what', s.what, 'lawfulBasis', s.lawful_basis,
           'justification', s.justification)
  from information_sharing s join vis on vis.episode_id = s.episode_id
  union all
  select 'consent', 'consent.' || sc.status, null, sc.recorded_on::text, ${ms('sc.recorded_at')},
         vis.referral_id, vis.episode_id, null, sc.partner_id, null, sc.recorded_by, sc.id::text,
         jsonb_build_object('status', sc.status, 'scope', sc.scope)
  from sharing_consents sc join vis on vis.episode_id = sc.episode_id
  union all
  select 'partner_note', 'partner_note.recorded', ${ms('pn.occurred_at')}, null, ${ms('pn.recorded_at')},
         vis.referral_id, vis.episode_id, null, pn.partner_id, null, pn.recorded_by, pn.id::text,
         jsonb_build_object('author', pn.author, 'text', pn.text)
  from partner_notes pn join vis on vis.episode_id = pn.episode_id
  union all
  select 'network', 'network.joined', null, nm.from_on::text, ${ms('nm.recorded_at')}, vis.referral_id,
         vis.episode_id, null, nm.partner_id, null, nm.recorded_by, nm.id::text,
         jsonb_build_object('name', nm.name, 'role', nm.role, 'to', nm.to_on)
  from network_members nm join vis on vis.episode_id = nm.episode_id
) u
left join partners p on p.id = u.partner_id
left join users usr on usr.id = u.recorded_by
order by u.recorded_ms desc
limit ${limit}`;
}
