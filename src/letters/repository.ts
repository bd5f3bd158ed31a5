// All the SQL of the person's own letters: the episode as the viewer may see it (access/scopes.ts
// referralScope), its support plan's goals and actions, its release plan, and the latest assessment's
// communication needs (the formats and language the letters default to).
import { and, asc, desc, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { assessments, episodes, planActions, planGoals, referrals, releasePlans, users } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { isUuid } from '../http/ids.ts';

export interface LetterEpisode {
  id: string;
  referralId: string;
  siteCode: string;
  reference: string;
  givenName: string;
  familyName: string;
  leadWorkerName: string | null;
}

export async function visibleEpisode(db: Queryable, viewer: Viewer, id: string): Promise<LetterEpisode | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({
      id: episodes.id,
      referralId: episodes.referralId,
      siteCode: episodes.siteCode,
      reference: referrals.reference,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      leadWorkerName: users.name,
    })
    .from(episodes)
    .innerJoin(referrals, eq(referrals.id, episodes.referralId))
    .leftJoin(users, eq(users.id, episodes.leadWorkerId))
    .where(and(eq(episodes.id, id), referralScope(viewer)));
  return row;
}

export async function planOf(db: Queryable, episodeId: string) {
  const [goals, actions, release] = await Promise.all([
    db
      .select({ id: planGoals.id, description: planGoals.description })
      .from(planGoals)
      .where(eq(planGoals.episodeId, episodeId))
      .orderBy(asc(planGoals.createdAt), asc(planGoals.id)),
    db
      .select({
        goalId: planActions.goalId,
        description: planActions.description,
        ownerKind: planActions.ownerKind,
        ownerAgency: planActions.ownerAgency,
        dueOn: planActions.dueOn,
        status: planActions.status,
      })
      .from(planActions)
      .where(and(eq(planActions.episodeId, episodeId), ne(planActions.status, 'cancelled')))
      .orderBy(asc(planActions.dueOn), asc(planActions.id)),
    db.select({ plan: releasePlans.plan }).from(releasePlans).where(eq(releasePlans.episodeId, episodeId)),
  ]);
  return { goals, actions, releasePlan: (release[0]?.plan ?? null) as Record<string, unknown> | null };
}

/** The latest assessment's communication answers (`fields` of the domain), if any. */
export async function communicationOf(db: Queryable, episodeId: string): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ domains: assessments.domains })
    .from(assessments)
    .where(eq(assessments.episodeId, episodeId))
    .orderBy(desc(assessments.number))
    .limit(1);
  const domains = (row?.domains ?? null) as Record<string, { fields?: Record<string, unknown> } | undefined> | null;
  return domains?.communication?.fields ?? null;
}
