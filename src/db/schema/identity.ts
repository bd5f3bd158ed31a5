// Sites, their policies, and who may sign in: users, their sites, sessions, tokens and recovery codes.
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';

export const sites = pgTable('sites', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  model: text('model').notNull(),
  provider: text('provider').notNull(),
});

/** Policies are data, versioned with an effective date (PRODUCT.md "Sites and their rules"). */
export const sitePolicies = pgTable('site_policies', {
  version: text('version').primaryKey(),
  siteCode: text('site_code')
    .notNull()
    .references(() => sites.code),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  policy: jsonb('policy').notNull(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    organisation: text('organisation'),
    passwordHash: text('password_hash').notNull(),
    disabledAt: ts('disabled_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Consecutive failed sign-ins; reset on success (ASVS 5.0 V6.3.1). */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    /** TOTP: the shared secret (base32), when it was confirmed, and the last time step used (a code works once). */
    totpSecret: text('totp_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** Wrong second-factor codes since the last accepted one, counted apart from passwords (ASVS 5.0 V6.3.1). */
    failedCodes: integer('failed_codes').notNull().default(0),
    codesLockedUntil: ts('codes_locked_until'),
    /** The identity provider's `iss` and `sub` this user signs in as (ASVS 5.0 V10.5.2); linked once. */
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    uniqueIndex('users_oidc_identity_unique')
      .on(t.oidcIssuer, t.oidcSubject)
      .where(sql`${t.oidcSubject} is not null`),
  ],
);

export const userSites = pgTable(
  'user_sites',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    siteCode: text('site_code')
      .notNull()
      .references(() => sites.code),
  },
  (t) => [primaryKey({ columns: [t.userId, t.siteCode] })],
);

/** Server-side sessions: only a hash of the session id is stored (ASVS 5.0 V7.2). */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** 'full' once signed in; 'mfa' waiting for a code; 'enrol' waiting to set up two-factor authentication. */
    stage: text('stage').notNull().default('full'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * A form posted after its session ended, for the user who signs in next on that browser (issue 10, "Lose
 * nothing"). `idHash` is the SHA-256 of a secret held only in the browser's cookie; `payload` is encrypted
 * with a key drawn from that secret. `userId` is the user whose session ended, when that is known.
 */
export const formStashes = pgTable(
  'form_stashes',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    payload: text('payload').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('form_stashes_expires_idx').on(t.expiresAt)],
);

/** One-time recovery codes for two-factor authentication, stored hashed. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** API bearer tokens, stored hashed: named, expiring, revocable, with when each was last used (to the minute). */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    /** Why it was revoked: 'revoked' (by hand), 'user_disabled', 'sessions_ended', 'two_factor_reset'. */
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * The team each staff list (screening queue, caseload, worklist, the team's referrals) opens on, per user:
 * a site code or `all` (issue 10, "All my teams"). Server-side so it follows the user to another computer.
 */
export const userTeamChoices = pgTable(
  'user_team_choices',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    list: text('list').notNull(),
    site: text('site').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.list] })],
);
