// The psychological formulation (issue: the 5 Ps, trauma-informed, written with the person; seed 000:
// "a trauma informed, formulation driven approach with the person at the centre"). Revisions are kept:
// each is a new row, numbered; the newest is the current formulation.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import type { Viewer } from '../access/viewer.ts';
import { Conflict, StaleVersion } from '../http/errors.ts';
import * as repo from './repository.ts';
import { auditCareRecord, changeableEpisode, headerOf, readableEpisode, timelineEntry } from './careRecord.ts';
import { presentFormulation, presentFormulationPage, type FormulationView } from './presenter.ts';
import type { FormulationBody } from './schema.ts';

export interface FormulationDeps {
  sites: SiteCatalogue;
  clock: Clock;
  timeline: TimelineWriter;
}

export function createFormulationService({ sites, clock, timeline }: FormulationDeps) {
  /** Every revision of a readable episode, newest first; the read is audited. */
  async function revisions(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await readableEpisode(db, viewer, episodeId);
    const rows = await repo.formulationsOf(db, episode.id);
    const names = await repo.userNames(
      db,
      rows.map((r) => r.recordedBy),
    );
    await auditCareRecord(db, viewer, episode, 'care.formulations_viewed', clock());
    return { episode, views: rows.map((r) => presentFormulation(r, names)) };
  }

  return {
    /** All revisions, newest first. */
    async list(db: Queryable, viewer: Viewer, episodeId: string): Promise<FormulationView[]> {
      return (await revisions(db, viewer, episodeId)).views;
    },

    /** The formulation page: the current revision, the earlier ones, and the form if the viewer may revise it. */
    async page(db: Queryable, viewer: Viewer, episodeId: string) {
      const { episode, views } = await revisions(db, viewer, episodeId);
      return presentFormulationPage(await headerOf(db, sites, viewer, episode, clock()), views);
    },

    /**
     * A new revision. `expectedNumber` (If-Match, optional) is the revision the writer started from (0
     * for none): a revision written over someone else's newer one is refused with 412.
     */
    async revise(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      body: FormulationBody,
      expectedNumber?: number,
    ): Promise<FormulationView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const current = (await repo.formulationsOf(db, episode.id))[0];
      const currentNumber = current?.number ?? 0;
      if (expectedNumber !== undefined && expectedNumber !== currentNumber)
        throw new StaleVersion(
          'Someone else revised this formulation after you opened it. Reload it to see what changed.',
        );
      const row = await repo.insertFormulation(db, {
        id: randomUUID(),
        episodeId: episode.id,
        number: currentNumber + 1,
        presenting: body.presenting,
        predisposing: body.predisposing,
        precipitating: body.precipitating,
        perpetuating: body.perpetuating,
        protective: body.protective,
        writtenWithPerson: body.writtenWithPerson,
        personsView: body.personsView || null,
        recordedBy: viewer.id,
        recordedAt: now,
      });
      if (!row) throw new Conflict('Someone else revised the formulation at the same moment: reload it and try again.');
      const withPerson = body.writtenWithPerson ? ', written with the person' : '';
      const summary =
        row.number === 1
          ? `Formulation written${withPerson}.`
          : `Formulation revised (revision ${row.number})${withPerson}.`;
      await timeline.record(db, timelineEntry(viewer, episode, 'formulation.revised', summary, now));
      await auditCareRecord(db, viewer, episode, 'care.formulation_revised', now, {
        number: row.number,
        writtenWithPerson: body.writtenWithPerson,
      });
      return presentFormulation(row, new Map([[viewer.id, viewer.name]]));
    },
  };
}

export type FormulationService = ReturnType<typeof createFormulationService>;
