// Who is asking. Built once per request from the session or the bearer token.
import type { AuditActor } from '../audit/auditLog.ts';

export const ROLES = ['referrer', 'practitioner', 'manager', 'admin', 'commissioner', 'researcher'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['practitioner', 'manager'];

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisation: string | null;
  siteCodes: string[];
  /** The moment this request is served: time-limited access (grants, break-glass) is judged against it. */
  asOf: Date;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function actorOf(viewer: Viewer): AuditActor {
  return { id: viewer.id, label: `${viewer.name} <${viewer.email}> (${viewer.role})` };
}
