// The team a staff list opens on, remembered per user on the server (issue 10, "All my teams").
//
// Why on the server and not in a cookie: a team's staff share and swap computers (hot desks in prisons and
// community bases), and the choice should follow the person, not the browser; a row also goes with the
// account (deleted with it) and is in the backup. The choice is remembered when the user picks a team in the
// list's filter (a GET, so the list stays bookmarkable); remembering is a write, so it is audited in the same
// transaction as the read it comes with, written last in it. Only a site the user works at (or `all`) is ever remembered.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import * as repo from './repository.ts';
import { chooseTeam, hasTeamChoice, type TeamList } from './rules.ts';

/** The team a list shows, and the choice to remember if the user made a new one. */
export interface TeamDecision {
  list: TeamList;
  site: string;
  before: string | null;
  remember?: string | undefined;
}

export function createTeamChoiceService({ clock }: { clock: Clock }) {
  return {
    /**
     * The site (or `all`) the list shows: what the user asked for, else what they chose last time. Remembering a
     * new choice is `remember`'s, called last in the list's transaction: the row is locked only from the write
     * to the commit, not while the list is read.
     */
    async decide(
      db: Queryable,
      viewer: Viewer,
      list: TeamList,
      asked: string | undefined,
      byDefault: 'first' | 'all' = 'first',
    ): Promise<TeamDecision> {
      if (!hasTeamChoice(viewer.siteCodes)) return { list, site: viewer.siteCodes[0] ?? '', before: null };
      const remembered = await repo.rememberedTeam(db, viewer.id, list);
      const choice = chooseTeam({ asked: asked || undefined, remembered, siteCodes: viewer.siteCodes, byDefault });
      return { list, site: choice.site, before: remembered ?? null, remember: choice.remember };
    },

    /** Remembers the choice `decide` made, if it was a new one, with its audit event. */
    async remember(db: Queryable, viewer: Viewer, decision: TeamDecision | undefined): Promise<void> {
      if (decision?.remember === undefined) return;
      const now = clock();
      await repo.rememberTeam(db, viewer.id, decision.list, decision.remember, now);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'preference.team_chosen',
          recordType: 'user',
          recordId: viewer.id,
          details: { list: decision.list, before: decision.before, after: decision.remember },
        },
        now,
      );
    },
  };
}

export type TeamChoiceService = ReturnType<typeof createTeamChoiceService>;
