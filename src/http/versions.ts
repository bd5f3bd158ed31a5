import type { FastifyRequest } from 'fastify';
import { VersionRequired, HttpError } from './errors.ts';

/** Reads `If-Match: "3"` (or W/"3", or 3): the version the caller is changing. 428 without it. */
export function requiredIfMatch(req: FastifyRequest): number {
  const header = req.headers['if-match'];
  if (header === undefined || header === '') throw new VersionRequired();
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match)
    throw new HttpError(400, 'If-Match must carry a version from the ETag header', [
      { field: 'If-Match', message: 'Must be a version from the ETag header, like "3"' },
    ]);
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}
