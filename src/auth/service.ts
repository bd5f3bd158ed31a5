// Signing in, out and on with a second factor: the writes behind the sign-in pages (routes.ts,
// twoFactorRoutes.ts, oidcRoutes.ts), each taking the transaction it runs in and auditing what it did.
// The pages keep the cookies and the words; the rules are in lockout.ts, twoFactor.ts and oidc.ts.
import type { Db, Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { hashPassword } from './passwords.ts';
import { newSecret } from './secrets.ts';
import { endSession, endUserSessions, startSession, type SessionStage, type SessionTimeouts } from './sessionStore.ts';
import {
  claimTotpStep,
  clearSignInFailures,
  countFailure,
  enableTotp,
  findUserByEmail,
  findUserById,
  findUserByOidcIdentity,
  insertUser,
  keepTotpSecret,
  linkOidcIdentity,
  loadViewer,
  setUserRole,
} from './userRepository.ts';
import { issueRecoveryCodes, useRecoveryCode } from './twoFactor.ts';
import type { FederatedIdentity } from './oidc.ts';

export interface SessionStart {
  /** The session this browser had, ended first: the browser keeps one session, with a new id (ASVS 5.0 V7.2.4). */
  oldSessionId: string | undefined;
  userId: string;
  stage: SessionStage;
  action: string;
  details: Record<string, unknown>;
  /** Whether the second factor's failure count starts again too. */
  codesToo: boolean;
  timeouts: SessionTimeouts;
}

export type Admission = { sessionId: string } | { refused: 'disabled' | 'identity_mismatch' };

export function createSignInService({ clock }: { clock: Clock }) {
  /** Ends the old session, clears the failure counts and starts a new session; audited. */
  async function beginSession(tx: Queryable, start: SessionStart, now: Date, viewerAsOf?: Date): Promise<string> {
    if (start.oldSessionId) await endSession(tx, start.oldSessionId);
    await clearSignInFailures(tx, start.userId, start.codesToo);
    const id = await startSession(tx, start.userId, now, start.timeouts, start.stage);
    const viewer = await loadViewer(tx, start.userId, viewerAsOf);
    await recordAudit(
      tx,
      {
        actor: viewer ? actorOf(viewer) : SYSTEM_ACTOR,
        action: start.action,
        recordType: 'user',
        recordId: start.userId,
        details: start.details,
      },
      now,
    );
    return id;
  }

  return {
    userByEmail: findUserByEmail,
    user: findUserById,
    viewer: (db: Queryable, userId: string) => loadViewer(db, userId),
    beginSession,

    /** A wrong password (counted, and the lock audited when it starts) or a refused sign-in; audited. */
    async passwordRejected(
      tx: Queryable,
      input: { userId: string | undefined; count: boolean; email: string; locked: boolean },
      now: Date,
    ): Promise<void> {
      if (input.userId && input.count) {
        const counted = await countFailure(tx, input.userId, 'password', now);
        if (counted.newlyLocked) {
          await recordAudit(
            tx,
            {
              actor: SYSTEM_ACTOR,
              action: 'user.locked',
              recordType: 'user',
              recordId: input.userId,
              details: { until: counted.lockedUntil },
            },
            now,
          );
        }
      }
      await recordAudit(
        tx,
        {
          actor: SYSTEM_ACTOR,
          action: 'user.sign_in_failed',
          details: { email: input.email.slice(0, 320), locked: input.locked },
        },
        now,
      );
    },

    /** A wrong code: counted apart from passwords, the lock audited when it starts; audited. */
    async codeRejected(tx: Queryable, userId: string, now: Date): Promise<void> {
      const counted = await countFailure(tx, userId, 'code', now);
      if (counted.newlyLocked)
        await recordAudit(
          tx,
          {
            actor: SYSTEM_ACTOR,
            action: 'user.locked',
            recordType: 'user',
            recordId: userId,
            details: { until: counted.lockedUntil, secondFactor: true },
          },
          now,
        );
      await recordAudit(
        tx,
        { actor: SYSTEM_ACTOR, action: 'user.code_rejected', recordType: 'user', recordId: userId },
        now,
      );
    },

    claimTotpStep,
    useRecoveryCode,
    keepTotpSecret,

    /** Confirms two-factor authentication and issues the recovery codes, shown once. */
    async enableTwoFactor(tx: Queryable, userId: string, step: number, now: Date): Promise<string[]> {
      await enableTotp(tx, userId, now, step);
      return issueRecoveryCodes(tx, userId);
    },

    async signOut(tx: Queryable, sessionId: string, viewer: Viewer | undefined): Promise<void> {
      await endSession(tx, sessionId);
      if (viewer)
        await recordAudit(
          tx,
          { actor: actorOf(viewer), action: 'user.signed_out', recordType: 'user', recordId: viewer.id },
          clock(),
        );
    },

    /**
     * Signs in the user the identity provider vouched for. Users are matched on the issuer and subject
     * (ASVS 5.0 V10.5.2), never on an email address alone: the email address links a first federated sign-in to
     * an existing account, once, and from then on only that issuer and subject open it; another subject with the
     * same email address is refused. Someone unknown is created with the claimed role, no sites (an admin adds
     * those) and a password nobody knows; the claim's role replaces a stored one. One transaction, with its audit
     * events.
     */
    async admit(
      db: Db,
      identity: FederatedIdentity,
      issuer: string,
      oldSessionId: string | undefined,
      now: Date,
      timeouts: SessionTimeouts,
    ): Promise<Admission> {
      const linked = await findUserByOidcIdentity(db, issuer, identity.subject);
      const byEmail = linked ? undefined : await findUserByEmail(db, identity.email);
      if (byEmail?.oidcSubject) return { refused: 'identity_mismatch' };
      const existing = linked ?? byEmail;
      if (existing?.disabledAt) return { refused: 'disabled' };
      // argon2 of 256 random bits: a real hash (so a password attempt costs the same time) that nothing matches.
      const unusableHash = existing ? undefined : await hashPassword(newSecret());
      return db.transaction(async (tx): Promise<Admission> => {
        let userId: string;
        if (!existing) {
          userId = await insertUser(
            tx,
            {
              email: identity.email,
              name: identity.name,
              role: identity.role,
              siteCodes: [],
              passwordHash: unusableHash ?? (await hashPassword(newSecret())),
            },
            now,
          );
          await linkOidcIdentity(tx, userId, issuer, identity.subject);
          await recordAudit(
            tx,
            {
              actor: SYSTEM_ACTOR,
              action: 'user.created',
              recordType: 'user',
              recordId: userId,
              details: {
                email: identity.email,
                role: identity.role,
                sites: [],
                source: 'oidc',
                issuer,
                subject: identity.subject,
              },
            },
            now,
          );
        } else {
          userId = existing.id;
          if (!linked) {
            // Linked once, by a conditional UPDATE: a parallel first sign-in with another subject cannot link too.
            if (!(await linkOidcIdentity(tx, userId, issuer, identity.subject)))
              return { refused: 'identity_mismatch' };
            await recordAudit(
              tx,
              {
                actor: SYSTEM_ACTOR,
                action: 'user.oidc_linked',
                recordType: 'user',
                recordId: userId,
                details: { issuer, subject: identity.subject, email: identity.email },
              },
              now,
            );
          }
          if (existing.role !== identity.role) {
            // The identity provider is the source of truth for roles. A change of privilege ends the user's other
            // sessions, so none carries on under the old role's expectations (ASVS 5.0 V7.4).
            await setUserRole(tx, userId, identity.role);
            await endUserSessions(tx, userId);
            await recordAudit(
              tx,
              {
                actor: SYSTEM_ACTOR,
                action: 'user.role_changed',
                recordType: 'user',
                recordId: userId,
                details: { from: existing.role, to: identity.role, source: 'oidc', issuer },
              },
              now,
            );
          }
        }
        if (oldSessionId) await endSession(tx, oldSessionId);
        // A 'full' session straight away: the identity provider did the strong authentication (CIS2 smartcard,
        // Azure AD multi-factor policy), so our own TOTP stage is skipped for federated sign-ins (ASVS 5.0 V6.8,
        // authentication with an identity provider). Password sign-ins still go through two-factor authentication.
        const sessionId = await startSession(tx, userId, now, timeouts, 'full');
        const viewer = await loadViewer(tx, userId, now);
        await recordAudit(
          tx,
          {
            actor: viewer ? actorOf(viewer) : SYSTEM_ACTOR,
            action: 'user.signed_in',
            recordType: 'user',
            recordId: userId,
            details: { method: 'oidc', issuer },
          },
          now,
        );
        return { sessionId };
      });
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
