// zod schema of the search query (API.md `GET /api/v1/search?q=TEXT`): one text, read by search/rules.ts.
import { z } from 'zod';
import { MAX_QUERY_LENGTH, QUERY_PROBLEM_TEXT } from './rules.ts';

export const searchQuerySchema = z.object({
  q: z.string({ error: QUERY_PROBLEM_TEXT.missing }).max(MAX_QUERY_LENGTH, { error: QUERY_PROBLEM_TEXT.tooLong }),
});

/** The page's `q`, as people edit the address: anything but one text is no query. */
export function pageQuery(query: unknown): string | undefined {
  const q = (query as Record<string, unknown> | undefined)?.q;
  return typeof q === 'string' ? q : undefined;
}
