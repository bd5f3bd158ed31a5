// SQL for the team each list opens on (rules.ts): one row per user and list.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { userTeamChoices } from '../db/schema.ts';
import type { TeamList } from './rules.ts';

export async function rememberedTeam(db: Queryable, userId: string, list: TeamList): Promise<string | undefined> {
  const [row] = await db
    .select({ site: userTeamChoices.site })
    .from(userTeamChoices)
    .where(and(eq(userTeamChoices.userId, userId), eq(userTeamChoices.list, list)));
  return row?.site;
}

export async function rememberTeam(db: Queryable, userId: string, list: TeamList, site: string, at: Date) {
  await db
    .insert(userTeamChoices)
    .values({ userId, list, site, updatedAt: at })
    .onConflictDoUpdate({ target: [userTeamChoices.userId, userTeamChoices.list], set: { site, updatedAt: at } });
}
