// The email outbox is read by the admins who run the service: its emails hold references and links, never
// clinical details (outbox/digestEmail.ts), so no need-to-know applies beyond that.
import type { RoleRule } from './rule.ts';

export const outboxRules = {
  readEmailOutbox: { allow: (viewer) => viewer.role === 'admin', refusal: 'Only admins can see the email outbox' },
} satisfies Record<string, RoleRule>;
