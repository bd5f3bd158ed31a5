// zod schema of the person's letters (added to API.md's style): `GET /api/v1/episodes/{id}/letters?letter=plan|
// appointments[&format=standard|large_print|easy_read][&language=en|cy]` → a PDF. Format and language left out
// default to what the assessment records.
import { z } from 'zod';
import { LETTER_FORMATS, LETTER_KINDS } from './content.ts';
import { LANGUAGES } from './wording.ts';

const blank = (v: unknown) => (v === '' ? undefined : v);

export const letterQuerySchema = z.object({
  letter: z.enum(LETTER_KINDS, { error: `Must be one of ${LETTER_KINDS.join(', ')}` }),
  format: z.preprocess(
    blank,
    z.enum(LETTER_FORMATS, { error: `Must be one of ${LETTER_FORMATS.join(', ')}` }).optional(),
  ),
  language: z.preprocess(blank, z.enum(LANGUAGES, { error: `Must be one of ${LANGUAGES.join(', ')}` }).optional()),
});
export type LetterQuery = z.output<typeof letterQuerySchema>;
