import type { z } from 'zod';
import { ValidationFailed, type FieldError } from './errors.ts';

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body',
    message: issue.message,
  }));
}

/** Parses with a zod schema or throws a 400 naming each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
  return result.data;
}
