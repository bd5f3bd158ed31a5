// Multi-agency working (PRODUCT.md journey step 7; issue 11): the partner directory, the professionals around
// the person, their consent to share, the information-sharing log, partner notes, and the meetings and risk
// forums with their actions. Everything but the directory belongs to an episode, so it is seen exactly when
// the episode's referral is (access/scopes.ts): a partner note about a restricted person is restricted with it.
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { sites, users } from './identity.ts';
import { episodes } from './episodes.ts';

/**
 * The deployment's directory of partner organisations (probation delivery units, prisons and their
 * healthcare, GP practices, community mental health teams, housing...), kept by managers and admins.
 * Possible duplicates are shown when one is added, never merged (partners/rules.ts).
 */
export const partners = pgTable(
  'partners',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    /** partners/rules.ts PARTNER_KINDS (API.md `kind`). */
    kind: text('kind').notNull(),
    /** Where it works, in the team's words ("Norfolk", "Blackpool and the Fylde"). */
    area: text('area'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('partners_kind_idx').on(t.kind), index('partners_name_idx').on(sql`lower(${t.name})`)],
);

/** A named professional around the person (COM, POM, GP, care coordinator...) for a period. */
export const networkMembers = pgTable(
  'network_members',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    name: text('name').notNull(),
    /** partners/rules.ts NETWORK_ROLES. */
    role: text('role').notNull(),
    email: text('email'),
    phone: text('phone'),
    fromOn: date('from_on', { mode: 'string' }).notNull(),
    toOn: date('to_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('network_members_episode_idx').on(t.episodeId)],
);

/**
 * The person's consent to share with one agency, each decision a row (given, refused, withdrawn), so the
 * consent in force on any date can be read back (UK GDPR art. 7(3): withdrawal does not undo earlier sharing).
 */
export const sharingConsents = pgTable(
  'sharing_consents',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    /** `given`, `refused` or `withdrawn`. */
    status: text('status').notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    scope: text('scope'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('sharing_consents_episode_idx').on(t.episodeId, t.partnerId, t.recordedOn)],
);

/**
 * The information-sharing log: what was sent to or received from whom, when and on what lawful basis, and
 * requests the team declined with why (what a subject access request or an IG review reads).
 */
export const informationSharing = pgTable(
  'information_sharing',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    /** `sent`, `received` or `declined` (a request to share that the team refused). */
    direction: text('direction').notNull(),
    sharedOn: date('shared_on', { mode: 'string' }).notNull(),
    what: text('what').notNull(),
    /** partners/sharingRules.ts LAWFUL_BASES; null only for a declined request. */
    lawfulBasis: text('lawful_basis'),
    justification: text('justification'),
    /** The consent relied on, when the basis is consent. */
    consentId: uuid('consent_id').references(() => sharingConsents.id),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('information_sharing_episode_idx').on(t.episodeId, t.sharedOn)],
);

/** What another agency told the team, entered with its source, placed where it happened. */
export const partnerNotes = pgTable(
  'partner_notes',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    occurredAt: ts('occurred_at').notNull(),
    author: text('author'),
    text: text('text').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('partner_notes_episode_idx').on(t.episodeId, t.occurredAt)],
);

/** A professionals' meeting, MDT or risk forum (MAPPA, MARAC, Channel Panel) about the person. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey(),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    /** meetings/rules.ts MEETING_KINDS. */
    kind: text('kind').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    mappaLevel: integer('mappa_level'),
    mappaCategory: integer('mappa_category'),
    /** The agency that convened or chaired it, when not the team. */
    convenedByPartnerId: uuid('convened_by_partner_id').references(() => partners.id),
    /** `[{ name, organisation, role?, present, partnerId? }]`. */
    attendees: jsonb('attendees').notNull(),
    summary: text('summary').notNull(),
    decisions: text('decisions'),
    /** What the team contributed (seed 001: "inform and/or attend"): `{ attended, informed, note? }`. */
    teamContribution: jsonb('team_contribution'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: ts('recorded_at').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('meetings_episode_idx').on(t.episodeId, t.heldOn)],
);

/** An action agreed at a meeting: owned by a person at an agency (or a team member, or the team), due, worked to done. */
export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episodes.id),
    description: text('description').notNull(),
    ownerName: text('owner_name').notNull(),
    ownerOrganisation: text('owner_organisation').notNull(),
    ownerPartnerId: uuid('owner_partner_id').references(() => partners.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    /** Set when the team owns it (whoever of the team picks it up): on every team member's "my actions". */
    ownerSiteCode: text('owner_site_code').references(() => sites.code),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** `open`, `done` or `cancelled`. */
    status: text('status').notNull(),
    closedNote: text('closed_note'),
    closedBy: uuid('closed_by').references(() => users.id),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('meeting_actions_episode_idx').on(t.episodeId),
    index('meeting_actions_meeting_idx').on(t.meetingId),
    index('meeting_actions_owner_user_idx').on(t.ownerUserId, t.status),
    index('meeting_actions_owner_site_idx').on(t.ownerSiteCode, t.status),
    index('meeting_actions_open_due_idx')
      .on(t.dueOn)
      .where(sql`status = 'open'`),
  ],
);
