// The letters page of an episode (issue 15): which letter (support plan or appointments), which format (standard,
// large print, easy read) and which language, chosen by default as the assessment records; the download is the
// same service call as the API. A choice that is not on the list is shown back with the NHS error summary.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { requireSignIn, viewerOf } from '../access/request.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { parseOrThrow } from '../http/validation.ts';
import { letterQuerySchema } from './schema.ts';
import { LANGUAGE_NAMES, LANGUAGES } from './wording.ts';

type IdParams = { Params: { id: string } };
type Query = { Querystring: Record<string, string | undefined> };

const LETTER_TEXT = { plan: 'Their support plan', appointments: 'Their appointments' } as const;
/** What the error summary says for a choice that is not on the list (an old bookmark or an edited address). */
const CHOOSE: Record<string, string> = {
  letter: 'Choose which letter to make',
  format: 'Choose a format',
  language: 'Choose a language',
};
const FORMAT_TEXT = {
  standard: 'Standard',
  large_print: 'Large print (18 point, black on white)',
  easy_read: 'Easy read (short sentences, one idea a line, space for pictures)',
} as const;

export function registerLetterPages(app: FastifyInstance, { db, personLetters, sites }: Services): void {
  async function renderLetters(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    chosen: Record<string, string | undefined> = {},
    errors: FieldError[] = [],
  ) {
    const { episode, defaults } = await db.transaction((tx) => personLetters.options(tx, viewer, id));
    const letter = chosen.letter ?? 'plan';
    const format = chosen.format ?? defaults.format;
    const language = chosen.language ?? defaults.language;
    const radios = (texts: Record<string, string>, value: string) =>
      Object.entries(texts).map(([v, t]) => ({ value: v, text: t, checked: v === value }));
    return reply.status(errors.length ? 400 : 200).render('letters/views/letters.njk', {
      pageTitle: `Letters: ${episode.givenName} ${episode.familyName}`,
      episode: { ...episode, personName: `${episode.givenName} ${episode.familyName}` },
      siteName: sites.get(episode.siteCode)?.name ?? episode.siteCode,
      defaults,
      letters: radios(LETTER_TEXT, letter),
      formats: radios(FORMAT_TEXT, format),
      languages: radios(Object.fromEntries(LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]])), language),
      errors: errors.map((e) => ({ text: CHOOSE[e.field] ?? e.message, href: `#${e.field || 'letter'}` })),
      fieldErrors: Object.fromEntries(errors.map((e) => [e.field, CHOOSE[e.field] ?? e.message])),
    });
  }

  app.get<IdParams>('/episodes/:id/letters', { preHandler: requireSignIn }, async (req, reply) =>
    renderLetters(reply, viewerOf(req), req.params.id),
  );

  app.get<IdParams & Query>('/episodes/:id/letters/download', { preHandler: requireSignIn }, async (req, reply) => {
    const viewer = viewerOf(req);
    let query;
    try {
      query = parseOrThrow(letterQuerySchema, req.query);
    } catch (error) {
      // The choices that were made stay chosen; the one that is not on the list is left for the user to choose.
      if (error instanceof HttpError && error.statusCode === 400)
        return renderLetters(reply, viewer, req.params.id, req.query, error.errors);
      throw error;
    }
    const { pdf, filename } = await db.transaction((tx) => personLetters.letter(tx, viewer, req.params.id, query));
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
