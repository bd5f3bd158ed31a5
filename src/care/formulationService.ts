// The psychological formulation (issue: the 5 Ps, trauma-informed, written with the person; seed 000:
// "a trauma informed, formulation driven approach with the person at the centre"). Revisions are kept:
// each is a new row, numbered; the newest is the current formulation.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, StaleVersion } from '../http/errors.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { userNames } from '../episodes/episodeDisplay.ts';
import * as repo from './careRepository.ts';
import type { CareGate } from './careGate.ts';
import { presentFormulation, type FormulationView } from './presenter.ts';
import type { FormulationBody } from './schema.ts';

export function createFormulationService({ clock }: Pick<Core, 'clock'>, gate: CareGate) {
  return {
    /** All revisions, newest first. */
    async list(db: Queryable, viewer: Viewer, episodeId: string): Promise<FormulationView[]> {
      const episode = await gate.readable(db, viewer, episodeId);
      const rows = await repo.formulationsOf(db, episode.id);
      const names = await userNames(
        db,
        rows.map((r) => r.recordedBy),
      );
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'care.formulations_viewed', recordType: 'episode', recordId: episode.id },
        clock(),
      );
      return rows.map((r) => presentFormulation(r, names));
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
      const episode = await gate.writable(db, viewer, episodeId);
      const current = (await repo.formulationsOf(db, episode.id))[0];
      const currentNumber = current?.number ?? 0;
      if (expectedNumber !== undefined && expectedNumber !== currentNumber)
        throw new StaleVersion(
          'Someone else revised this formulation after you opened it. Reload it to see what changed.',
        );
      const now = clock();
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
      await addTimelineEvent(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'formulation.revised',
        summary:
          row.number === 1
            ? `Formulation written${withPerson}.`
            : `Formulation revised (revision ${row.number})${withPerson}.`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.formulation_revised',
          recordType: 'episode',
          recordId: episode.id,
          details: { number: row.number, writtenWithPerson: body.writtenWithPerson },
        },
        now,
      );
      return presentFormulation(row, await userNames(db, [viewer.id]));
    },
  };
}
