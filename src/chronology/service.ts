// The one chronology of a person (issue 11): everything known about them from every team and agency the
// viewer may see, in one order by when it happened, with when it was recorded. One read model over the
// tables every folder writes: two statements (chronology/repository.ts) and the audit entry of the read.
//
// Who: a person none of whose records the viewer may see is 404 (existence does not leak); the care team
// reads it (403 for anyone else who can see a record, such as its referrer); which entries each viewer sees
// is decided in the query, so a restricted episode's entries, partner notes about a restricted person
// included, appear only to those who may see that episode.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
import { formatDateTime } from '../web/format.ts';
import * as repo from './repository.ts';
import { presentRow, toEntry } from './presenter.ts';
import { agenciesOf, byWhenItHappened, matches, type ChronologyFilter, type Entry } from './rules.ts';
import { describeFilter, kindOptions, queryString, type PageFilter } from './forms.ts';

export interface ChronologyDeps {
  clock: Clock;
  sites: Pick<SiteCatalogue, 'get'>;
}

export interface Chronology {
  person: { id: string; name: string; references: string[]; restricted: boolean };
  /** Every entry the viewer may see, oldest first. */
  all: Entry[];
  /** Those passing the filter. */
  items: Entry[];
}

export function createChronologyService({ clock, sites }: ChronologyDeps) {
  const teamName = (code: string) => sites.get(code)?.name ?? code;

  async function read(db: Queryable, viewer: Viewer, personId: string, filter: ChronologyFilter): Promise<Chronology> {
    const records = await repo.visibleRecords(db, viewer, personId);
    const latest = records.at(-1);
    if (!latest) throw new NotFound();
    authorize(viewer, 'readChronology');
    const byReferral = new Map(records.map((r) => [r.referralId, r]));
    const all = (await repo.entriesOf(db, personId, records))
      .map((row) => toEntry(row, byReferral, teamName))
      .sort(byWhenItHappened);
    const items = all.filter((e) => matches(e, filter));
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'chronology.viewed',
        recordType: 'person',
        recordId: personId,
        details: { referrals: records.map((r) => r.referralId), filter: { ...filter }, count: items.length },
      },
      clock(),
    );
    return {
      person: {
        id: personId,
        name: latest.personName,
        references: records.map((r) => r.reference),
        restricted: records.some((r) => r.restricted),
      },
      all,
      items,
    };
  }

  return {
    /** API.md `GET /api/v1/people/{personId}/chronology`, and the same for the PDF. */
    read,

    /** The chronology page (and its print view): the filtered rows, the filter form and its options. */
    async page(db: Queryable, viewer: Viewer, personId: string, form: PageFilter, backTo?: string) {
      const { person, all, items } = await read(db, viewer, personId, form.filter);
      const agency = typeof form.values.agency === 'string' ? form.values.agency : '';
      const kind = typeof form.values.kind === 'string' ? form.values.kind : '';
      const base = `/people/${personId}/chronology`;
      const agencyOptions = agenciesOf(all);
      return {
        person,
        rows: items.map(presentRow),
        total: all.length,
        filtered: items.length !== all.length,
        view: form.view,
        values: form.values,
        agencyOptions: [
          { value: '', text: 'All teams and agencies', selected: agency === '' },
          ...agencyOptions.map((o) => ({ ...o, selected: o.value === agency })),
        ],
        kindOptions: kindOptions(kind),
        links: {
          compact: `${base}${queryString(form.values, { view: 'compact' })}`,
          full: `${base}${queryString(form.values, { view: 'full' })}`,
          print: `${base}/print${queryString(form.values, { view: form.view })}`,
          pdf: `${base}.pdf${queryString(form.values, { view: form.view })}`,
          clear: `${base}${queryString({}, { view: form.view })}`,
          back: backTo,
        },
        filterText: describeFilter(form.filter, agencyOptions.find((o) => o.value === agency)?.text),
        printedAt: formatDateTime(clock()),
        printedBy: viewer.name,
      };
    },
  };
}

export type ChronologyService = ReturnType<typeof createChronologyService>;
