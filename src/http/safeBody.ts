// Input hygiene before any schema sees it. PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate
// cannot be stored faithfully, so both are dealt with here rather than failing deep in a query.
import { ValidationFailed } from './errors.ts';

const MAX_DEPTH = 32;

export function cleanInput(value: unknown, path: string[] = [], depth = 0): unknown {
  if (depth > MAX_DEPTH)
    throw new ValidationFailed([{ field: path.join('.') || 'body', message: 'The input is nested too deeply' }]);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      throw new ValidationFailed([
        { field: path.join('.') || 'body', message: 'The text contains a character that is not allowed (NUL)' },
      ]);
    }
    return value.toWellFormed();
  }
  if (Array.isArray(value)) return value.map((v, i) => cleanInput(v, [...path, String(i)], depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      out[k] = cleanInput(v, [...path, k], depth + 1);
    }
    return out;
  }
  return value;
}

export function parseJsonBody(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationFailed([{ field: 'body', message: 'The body is not valid JSON' }]);
  }
  return cleanInput(parsed);
}
