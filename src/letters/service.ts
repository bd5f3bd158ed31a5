// The person's own letters (issue 15, "Letters and plans the person can use"): their support plan and their
// appointments as PDFs, in standard, large print or easy read, in English or Welsh; by default in the format
// and language the assessment records. The site's team makes them; each one made is audited (it is drawn from
// the person's record).
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { letterPdf } from '../web/letterPdf.ts';
import * as repo from './repository.ts';
import { formatOf, personLetterContent, STYLES, type LetterFormat, type PersonLetterFacts } from './content.ts';
import { languageOf, type Language } from './wording.ts';
import type { LetterQuery } from './schema.ts';

export interface PersonLetterDeps {
  clock: Clock;
  sites: Pick<SiteCatalogue, 'get'>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function createPersonLetterService({ clock, sites }: PersonLetterDeps) {
  async function episodeFor(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await repo.visibleEpisode(db, viewer, episodeId);
    if (!episode) throw new NotFound();
    authorize(viewer, 'writePersonLetters', episode);
    return episode;
  }

  async function defaultsOf(db: Queryable, episodeId: string) {
    const fields = await repo.communicationOf(db, episodeId);
    const formats = Array.isArray(fields?.formats) ? fields.formats.filter((f) => typeof f === 'string') : [];
    const firstLanguage = text(fields?.firstLanguage);
    return { format: formatOf(formats), language: languageOf(firstLanguage), formats, firstLanguage };
  }

  async function factsOf(db: Queryable, episode: repo.LetterEpisode): Promise<PersonLetterFacts> {
    const { goals, actions, releasePlan } = await repo.planOf(db, episode.id);
    const today = londonDate(clock());
    const site = sites.get(episode.siteCode);
    const open = actions.filter((a) => a.status !== 'done');
    const sm = releasePlan?.substanceMisuse;
    const smDate = sm !== null && typeof sm === 'object' ? text((sm as Record<string, unknown>).appointmentDate) : null;
    const smService = sm !== null && typeof sm === 'object' ? text((sm as Record<string, unknown>).service) : null;
    const appointments: PersonLetterFacts['appointments'] = [
      ...(smDate && smDate >= today
        ? [{ on: smDate, what: 'drug_and_alcohol' as const, text: smService, where: null }]
        : []),
      ...open
        .filter((a) => a.dueOn !== null && a.dueOn >= today && a.ownerKind === 'person')
        .map((a) => ({ on: a.dueOn ?? today, what: 'action' as const, text: a.description, where: null })),
    ];
    return {
      personName: `${episode.givenName} ${episode.familyName}`,
      team: { name: site?.name ?? episode.siteCode, provider: site?.provider ?? null },
      leadWorker: episode.leadWorkerName,
      goals: goals.map((g) => ({
        description: g.description,
        actions: open.filter((a) => a.goalId === g.id),
      })),
      appointments,
      writtenOn: today,
    };
  }

  return {
    /** The letters page: what can be made, with the assessment's format and language chosen. */
    async options(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await episodeFor(db, viewer, episodeId);
      return { episode, defaults: await defaultsOf(db, episode.id) };
    },

    /** `GET /api/v1/episodes/{id}/letters?letter=...`: the letter as a PDF, and the words it was drawn from. */
    async letter(db: Queryable, viewer: Viewer, episodeId: string, query: LetterQuery) {
      const episode = await episodeFor(db, viewer, episodeId);
      const defaults = await defaultsOf(db, episode.id);
      const format: LetterFormat = query.format ?? defaults.format;
      const language: Language = query.language ?? defaults.language;
      const facts = await factsOf(db, episode);
      const content = personLetterContent(query.letter, format, language, facts);
      const pdf = await letterPdf(facts.team, content, STYLES[format]);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'person_letter.produced',
          recordType: 'episode',
          recordId: episode.id,
          details: { letter: query.letter, format, language },
        },
        clock(),
      );
      return { pdf, filename: `${query.letter}-${format.replace('_', '-')}-${language}.pdf` };
    },
  };
}

export type PersonLetterService = ReturnType<typeof createPersonLetterService>;
