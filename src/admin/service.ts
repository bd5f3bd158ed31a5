// Admins manage accounts: disable and enable them, end their sessions, unlock them, and reset two-factor
// authentication for a lost phone. Disabling ends every session at once (ASVS 5.0 V7.4.2); disabling, ending
// sessions and resetting two-factor also revoke every API token the user has, for good (ASVS 5.0 V7.4.3):
// enabling the user again does not bring one back. Admins see a user's tokens by name, dates and status
// only, and revoke them one by one.
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { endUserSessions } from '../auth/sessionStore.ts';
import { isUuid } from '../http/ids.ts';
import * as repo from './repository.ts';
import { listApiTokens, revokeAllApiTokens, revokeApiToken } from '../auth/apiTokens.ts';
import { findApiToken, liveTokenCounts } from '../auth/apiTokenRepository.ts';
import type { RevokedReason } from '../auth/apiTokenRules.ts';
import { accountLocked } from '../auth/lockout.ts';

export const USER_ACTIONS = ['disable', 'enable', 'end_sessions', 'unlock', 'reset_two_factor'] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

export function createUserAdminService({ clock }: Core) {
  const guard = (viewer: Viewer) => {
    if (!can(viewer, 'manageUsers')) throw new Forbidden('Only admins can manage users');
  };
  return {
    async list(db: Queryable, viewer: Viewer) {
      guard(viewer);
      const rows = await repo.usersWithSites(db);
      const now = clock();
      const tokens = await liveTokenCounts(db, now);
      return rows.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        organisation: u.organisation,
        sites: u.sites,
        disabled: u.disabledAt !== null,
        locked: accountLocked(u, now),
        twoFactor: u.totpEnabledAt !== null,
        activeTokens: tokens.get(u.id) ?? 0,
      }));
    },

    async act(db: Queryable, viewer: Viewer, userId: string, action: UserAction) {
      guard(viewer);
      const user = await userToManage(db, userId);
      if (user.id === viewer.id && (action === 'disable' || action === 'reset_two_factor')) {
        throw new ValidationFailed([
          { field: 'action', message: 'You cannot do that to your own account: ask another admin' },
        ]);
      }
      const now = clock();
      let revokedTokens: string[] = [];
      const revokeTokens = async (reason: RevokedReason) => {
        revokedTokens = await revokeAllApiTokens(db, userId, reason, now);
      };
      switch (action) {
        case 'disable':
          await repo.setDisabled(db, userId, now);
          await endUserSessions(db, userId);
          await revokeTokens('user_disabled');
          break;
        case 'enable':
          await repo.setDisabled(db, userId, null);
          break;
        case 'end_sessions':
          await endUserSessions(db, userId);
          await revokeTokens('sessions_ended');
          break;
        case 'unlock':
          await repo.clearLocks(db, userId);
          break;
        case 'reset_two_factor':
          await repo.clearTwoFactor(db, userId);
          await endUserSessions(db, userId);
          await revokeTokens('two_factor_reset');
          break;
      }
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: `user.${action}`,
          recordType: 'user',
          recordId: userId,
          ...(revokedTokens.length ? { details: { revokedTokens } } : {}),
        },
        now,
      );
    },

    /** A user's API tokens: name, dates and status, never the secret; and the user's name for the page. */
    async tokens(db: Queryable, viewer: Viewer, userId: string) {
      guard(viewer);
      const user = await userToManage(db, userId);
      return {
        user: { id: user.id, name: user.name, email: user.email, disabled: user.disabledAt !== null },
        tokens: await listApiTokens(db, userId, clock()),
      };
    },

    /** Revokes one of a user's tokens (a token that is not theirs is a 404); revoking it again changes nothing. */
    async revokeToken(db: Queryable, viewer: Viewer, userId: string, tokenId: string) {
      guard(viewer);
      await userToManage(db, userId);
      const token = isUuid(tokenId) ? await findApiToken(db, tokenId) : undefined;
      if (!token || token.userId !== userId) throw new NotFound();
      const now = clock();
      if (!(await revokeApiToken(db, userId, tokenId, now))) return;
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'api_token.revoked',
          recordType: 'user',
          recordId: userId,
          details: { tokenId },
        },
        now,
      );
    },
  };
}

async function userToManage(db: Queryable, userId: string): Promise<repo.UserRow> {
  const user = await repo.findUser(db, userId);
  if (!user) throw new NotFound();
  return user;
}
