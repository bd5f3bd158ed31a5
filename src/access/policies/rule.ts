// One named action: who may do it to a record of a kind, and what a refused user is told (403). Seeing
// the record at all is decided earlier, in the query (scopes.ts): a record a viewer may not see is 404.
import type { Viewer } from '../viewer.ts';

export interface Rule<R> {
  allow(viewer: Viewer, record: R): boolean;
  /** Plain words for the 403: what the user cannot do and who can. */
  refusal: string;
}

/** A rule about the viewer alone (what their role lets them do anywhere). */
export type RoleRule = Rule<undefined>;
