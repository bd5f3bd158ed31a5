// Retention (NHS Records Management Code of Practice 2023): admins read the report of what falls due for
// review (references and dates only); the site's managers, who can see the record, place or lift a legal hold.
import { managesSite } from '../roles.ts';
import type { RoleRule, Rule } from './rule.ts';

const roleRules = {
  viewRetentionReport: { allow: (viewer) => viewer.role === 'admin', refusal: 'The retention report is for admins' },
} satisfies Record<string, RoleRule>;

const referralRules = {
  setLegalHold: {
    allow: (viewer, r) => managesSite(viewer, r.siteCode),
    refusal: 'Only the site’s managers can place or lift a legal hold',
  },
} satisfies Record<string, Rule<{ siteCode: string }>>;

export const retentionRules = { ...roleRules, ...referralRules };
