// zod schemas of the case study API (API.md "Case studies (managers)"); added: `PUT /api/v1/case-studies/{id}`
// (the manager's edit, with If-Match) and `GET /api/v1/case-studies/{id}` (JSON, or `?format=pdf`).
import { z } from 'zod';

const section = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `The ${what} must be ${String(max)} characters or fewer`);

export const caseStudyEditSchema = z
  .object({
    title: section('title', 200),
    background: section('background', 20_000),
    whatHappened: section('account of what happened', 40_000),
    missedOpportunities: section('missed opportunities', 20_000),
    lessons: section('lessons', 20_000),
  })
  .partial()
  .strict();
export type CaseStudyEdit = z.output<typeof caseStudyEditSchema>;

/**
 * Added: an optional body `{"gender":"male"|"female"|null}`. The record holds no gender, so the manager says how
 * the case study refers to the person: "Mr A", "Ms A", or "A" (the default).
 */
export const caseStudyDraftSchema = z
  .object({
    gender: z.enum(['male', 'female'], { error: 'Must be male, female or null' }).nullable().optional(),
  })
  .strict();
export type CaseStudyDraft = z.output<typeof caseStudyDraftSchema>;

export const caseStudyQuerySchema = z.object({
  format: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['json', 'pdf'], { error: 'Must be json or pdf' }).optional(),
  ),
});

export const SECTION_NAMES = ['title', 'background', 'whatHappened', 'missedOpportunities', 'lessons'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];
