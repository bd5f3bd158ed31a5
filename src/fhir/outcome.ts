// Failures as OperationOutcome (FHIR R4 operationoutcome.html): each problem an issue with the FHIRPath of
// the element it is about. The facade's own errors carry FHIRPath already; the JSON API's field paths,
// raised by the services it calls, are turned into FHIRPath by the resource's field map.
import { Forbidden, HttpError, NotFound, type FieldError } from '../http/errors.ts';
import type { OperationOutcomeIssue, Resource } from './resources.ts';

/** The issue-type code (valueset issue-type) for an HTTP status. */
export function issueCodeFor(status: number): string {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 406 || status === 415) return 'not-supported';
  if (status === 413) return 'too-costly';
  if (status === 428) return 'required';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'exception';
  return status === 422 ? 'processing' : 'invalid';
}

/** A FHIR error whose `field`s are already FHIRPath expressions. */
export class FhirError extends HttpError {}

export function invalid(status: 400 | 422, errors: FieldError[]): FhirError {
  return new FhirError(status, 'The resource is not valid', errors);
}

export function operationOutcome(status: number, errors: readonly FieldError[]): Resource {
  const issues: OperationOutcomeIssue[] = errors.map((e) => ({
    severity: 'error',
    code: issueCodeFor(status),
    diagnostics: e.message,
    ...(e.field ? { expression: [e.field] } : {}),
  }));
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** A read that the viewer may not make (hidden, or not for their role) finds nothing: left out of a search. */
export async function unlessHidden<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFound || e instanceof Forbidden) return undefined;
    throw e;
  }
}
