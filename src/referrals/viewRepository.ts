// The referral page's and API's read of one referral with everything its view shows, in one statement prepared
// once per shape of viewer, with the read's audit written by the same statement (readVisibleReferralWithView).
// Scoped like every read of referrals (repository.ts): a referral the viewer may not see is never loaded.
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { referrals, type informationRequests } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { visibleCandidatesJson } from '../people/repository.ts';
import { auditInsertWhen } from '../audit/auditLog.ts';
import type { StoredPerson } from '../people/rules.ts';
import { isUuid } from '../http/ids.ts';
import type { ReferralRow, visibleEpisodesOfPerson } from './repository.ts';

/** What the referral's view shows of the person's other referrals (presenter.ts earlierReferrals). */
export type EarlierReferral = Pick<ReferralRow, 'id' | 'reference' | 'siteCode' | 'status' | 'receivedAt'>;
export type InformationRequestRow = Pick<
  typeof informationRequests.$inferSelect,
  'question' | 'askedAt' | 'answer' | 'answeredAt'
>;
export type PersonEpisode = Awaited<ReturnType<typeof visibleEpisodesOfPerson>>[number];

export interface ReferralWithView {
  row: ReferralRow;
  earlierReferrals: EarlierReferral[];
  informationRequests: InformationRequestRow[];
  episodes: PersonEpisode[];
  candidates: StoredPerson[];
}

const toDate = (at: string) => new Date(at);
const toDateOrNull = (at: string | null) => (at === null ? null : new Date(at));

/**
 * A viewer whose id, sites and moment are placeholders: a statement scoped with it has one text for every
 * viewer of the same role and number of sites, so it is built and prepared once (readVisibleReferralWithView).
 */
function viewerAsPlaceholders(viewer: Viewer): Viewer {
  return {
    ...viewer,
    id: sql.placeholder('viewerId'),
    siteCodes: viewer.siteCodes.map((_, i) => sql.placeholder(`site${i}`)),
    asOf: sql.placeholder('asOf'),
  } as unknown as Viewer;
}

function placeholderValuesOf(viewer: Viewer): Record<string, unknown> {
  return {
    viewerId: viewer.id,
    asOf: viewer.asOf,
    ...Object.fromEntries(viewer.siteCodes.map((code, i) => [`site${i}`, code])),
  };
}

function buildReadWithView(db: Queryable, viewer: Viewer, name: string) {
  const found = db.$with('found').as(
    db
      .select()
      .from(referrals)
      .where(and(eq(referrals.id, sql.placeholder('id')), referralScope(viewer))),
  );
  const audited = db.$with('audited', {}).as(auditInsertWhen(sql`exists (select 1 from found)`));
  // The subqueries name their tables and columns in full (a drizzle column in a select list is written
  // without its table, which inside them would be ambiguous).
  const columns = Object.fromEntries(
    Object.keys(getTableColumns(referrals)).map((key) => [key, found[key as keyof typeof found._.selectedFields]]),
  ) as typeof found._.selectedFields;
  return db
    .with(found, audited)
    .select({
      row: columns,
      earlier: sql<{ id: string; reference: string; siteCode: string; status: string; receivedAt: string }[]>`(
        select coalesce(json_agg(json_build_object('id', r.id, 'reference', r.reference, 'siteCode', r.site_code,
          'status', r.status, 'receivedAt', r.received_at)), '[]')
        from (select referrals.id, referrals.reference, referrals.site_code, referrals.status, referrals.received_at
          from referrals
          where referrals.person_id = found.person_id and referrals.id <> found.id and ${referralScope(viewer)}
          order by referrals.received_at desc limit 50) r)`.as('earlier'),
      requests: sql<{ question: string; askedAt: string; answer: string | null; answeredAt: string | null }[]>`(
        select coalesce(json_agg(json_build_object('question', q.question, 'askedAt', q.asked_at,
          'answer', q.answer, 'answeredAt', q.answered_at) order by q.asked_at), '[]')
        from information_requests q where q.referral_id = found.id)`.as('requests'),
      episodes: sql<PersonEpisode[]>`(
        select coalesce(json_agg(json_build_object('id', e.id, 'siteCode', e.site_code, 'openedOn', e.opened_on,
          'closedReason', e.closed_reason)), '[]')
        from (select episodes.id, episodes.site_code, episodes.opened_on, episodes.closed_reason
          from episodes inner join referrals on referrals.id = episodes.referral_id
          where episodes.person_id = found.person_id and ${referralScope(viewer)}
          order by episodes.opened_on desc limit 50) e)`.as('episodes'),
      candidates: sql<StoredPerson[]>`${visibleCandidatesJson(viewer, 'found')}`.as('candidates'),
    })
    .from(found)
    .prepare(name);
}

/** Per database handle, the prepared reads by the shape of their viewer (role and number of sites). */
const preparedReads = new WeakMap<Queryable, Map<string, ReturnType<typeof buildReadWithView>>>();

/**
 * One referral the viewer may see and everything its view shows, in one statement: the person's other
 * referrals and episodes of care the viewer may see (the same scope, and the same limits, as
 * otherVisibleReferralsOfPerson and visibleEpisodesOfPerson), its requests for information, and the
 * possible duplicates the viewer may be told of (people/repository.ts visibleCandidatesJson). The read's
 * audit event (`audit`: audit/auditLog.ts auditValues) is written by the same statement only when the
 * referral was found, so a read is never shown without its audit and a refused one leaves none.
 * The statement is prepared once per shape of viewer (on PostgreSQL a named statement, parsed and planned
 * once per connection): its text never holds a value, only placeholders.
 */
export async function readVisibleReferralWithView(
  db: Queryable,
  viewer: Viewer,
  id: string,
  audit: Record<string, string | null>,
): Promise<ReferralWithView | undefined> {
  if (!isUuid(id)) return undefined;
  const shape = `referral_view_${viewer.role}_${viewer.siteCodes.length}`;
  let reads = preparedReads.get(db);
  if (!reads) preparedReads.set(db, (reads = new Map<string, ReturnType<typeof buildReadWithView>>()));
  let read = reads.get(shape);
  if (!read) reads.set(shape, (read = buildReadWithView(db, viewerAsPlaceholders(viewer), shape)));
  const [result] = await read.execute({ id, ...placeholderValuesOf(viewer), ...audit });
  if (!result) return undefined;
  return {
    row: result.row,
    earlierReferrals: result.earlier.map((r) => ({ ...r, receivedAt: toDate(r.receivedAt) })),
    informationRequests: result.requests.map((r) => ({
      ...r,
      askedAt: toDate(r.askedAt),
      answeredAt: toDateOrNull(r.answeredAt),
    })),
    episodes: result.episodes,
    candidates: result.candidates,
  };
}
