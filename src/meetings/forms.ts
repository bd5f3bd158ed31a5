// The meeting form, table-driven: the meeting's own fields, then rows of attendees and of actions. It works
// without JavaScript: "Add another attendee" and "Add another action" post the form back with one more row
// (nothing is saved), and rows left empty are ignored. The posted form becomes the API's body, so the same
// schema and service call as `POST /api/v1/episodes/{id}/meetings` decide, and the schema's field paths
// (`actions.1.dueOn`) link back to the row's inputs from the error summary.
import type { FieldError } from '../http/errors.ts';
import { dateFrom, str, type Posted } from '../web/formFields.ts';
import { MAPPA_CATEGORY_TEXT, MAPPA_LEVEL_TEXT, MEETING_KINDS, MEETING_KIND_TEXT } from './rules.ts';
import type { ActionStatus } from './rules.ts';

export const FIRST_ATTENDEE_ROWS = 4;
export const FIRST_ACTION_ROWS = 3;
const MAX_ROWS = 50;

const ATTENDEE_FIELDS = ['name', 'organisation', 'role'] as const;
const ACTION_FIELDS = ['description', 'ownerName', 'owner', 'ownerOrganisation'] as const;

export interface MeetingFormContext {
  teamName: string;
  partners: { id: string; name: string; area: string | null }[];
  staff: { id: string; name: string }[];
}

const rowsOf = (posted: Posted, name: string, first: number) => {
  const n = Number(str(posted, name));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_ROWS) : first;
};

const blankDate = (posted: Posted, name: string) =>
  ['day', 'month', 'year'].every((p) => str(posted, `${name}-${p}`) === '');

/** What the posted form asks: save it, or show it again with one more row. */
export function formAction(posted: Posted): 'save' | 'add-attendee' | 'add-action' {
  const add = str(posted, 'add');
  return add === 'attendee' ? 'add-attendee' : add === 'action' ? 'add-action' : 'save';
}

export interface ParsedMeetingForm {
  body: Record<string, unknown>;
  /** Errors found before the schema sees the body (dates typed wrongly). */
  errors: FieldError[];
  /** Body index → the form row it came from, for attendees and actions. */
  attendeeRows: number[];
  actionRows: number[];
}

/** The API body of a posted meeting form (blank fields left out; the schema says what is required). */
export function meetingBodyOf(posted: Posted, ctx: MeetingFormContext): ParsedMeetingForm {
  const errors: FieldError[] = [];
  const body: Record<string, unknown> = {};
  const text = (name: string, key = name) => {
    const v = str(posted, name);
    if (v) body[key] = v;
  };
  text('kind');
  if (!blankDate(posted, 'heldOn')) {
    const held = dateFrom(posted, 'heldOn', 'the date of the meeting');
    if ('iso' in held) body.heldOn = held.iso;
    else errors.push({ field: 'heldOn', message: held.error });
  }
  for (const key of ['mappaLevel', 'mappaCategory']) {
    const v = str(posted, key);
    if (v) body[key] = Number(v);
  }
  const convener = str(posted, 'convenedBy');
  if (convener.startsWith('partner:')) body.convenedByPartnerId = convener.slice('partner:'.length);
  text('summary');
  text('decisions');
  const attended = str(posted, 'teamAttended');
  const informed = str(posted, 'teamInformed');
  const note = str(posted, 'contributionNote');
  if (attended || informed || note)
    body.teamContribution = { attended: attended === 'yes', informed: informed === 'yes', ...(note ? { note } : {}) };

  const attendees: Record<string, unknown>[] = [];
  const attendeeRows: number[] = [];
  for (let i = 0; i < rowsOf(posted, 'attendeeRows', FIRST_ATTENDEE_ROWS); i++) {
    const values = Object.fromEntries(ATTENDEE_FIELDS.map((f) => [f, str(posted, `attendee-${i}-${f}`)]));
    if (ATTENDEE_FIELDS.every((f) => !values[f])) continue;
    attendees.push({
      ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
      present: str(posted, `attendee-${i}-present`) === 'yes',
    });
    attendeeRows.push(i);
  }
  body.attendees = attendees;

  const actions: Record<string, unknown>[] = [];
  const actionRows: number[] = [];
  const partnerName = new Map(ctx.partners.map((p) => [p.id, p.name]));
  const staffName = new Map(ctx.staff.map((u) => [u.id, u.name]));
  for (let i = 0; i < rowsOf(posted, 'actionRows', FIRST_ACTION_ROWS); i++) {
    const v = (f: string) => str(posted, `action-${i}-${f}`);
    if (ACTION_FIELDS.every((f) => !v(f)) && blankDate(posted, `action-${i}-dueOn`)) continue;
    const action: Record<string, unknown> = {};
    if (v('description')) action.description = v('description');
    const owner = v('owner');
    let organisation = v('ownerOrganisation');
    let name = v('ownerName');
    if (owner === 'team') {
      action.ownedByTeam = true;
      organisation ||= ctx.teamName;
    } else if (owner.startsWith('user:')) {
      const id = owner.slice('user:'.length);
      action.ownerUserId = id;
      organisation ||= ctx.teamName;
      name ||= staffName.get(id) ?? '';
    } else if (owner.startsWith('partner:')) {
      const id = owner.slice('partner:'.length);
      action.ownerPartnerId = id;
      organisation ||= partnerName.get(id) ?? '';
    }
    if (name) action.ownerName = name;
    if (organisation) action.ownerOrganisation = organisation;
    if (!blankDate(posted, `action-${i}-dueOn`)) {
      const due = dateFrom(posted, `action-${i}-dueOn`, 'the due date');
      if ('iso' in due) action.dueOn = due.iso;
      else errors.push({ field: `actions.${actions.length}.dueOn`, message: due.error });
    }
    actions.push(action);
    actionRows.push(i);
  }
  body.actions = actions;
  return { body, errors, attendeeRows, actionRows };
}

const MEETING_FIELD_IDS: Record<string, string> = {
  kind: 'kind',
  heldOn: 'heldOn-day',
  mappaLevel: 'mappaLevel',
  mappaCategory: 'mappaCategory',
  convenedByPartnerId: 'convenedBy',
  summary: 'summary',
  decisions: 'decisions',
  teamContribution: 'teamAttended',
  attendees: 'attendee-0-name',
  actions: 'action-0-description',
};
const ACTION_INPUT: Record<string, string> = {
  description: 'description',
  ownerName: 'ownerName',
  ownerOrganisation: 'ownerOrganisation',
  ownerPartnerId: 'owner',
  ownerUserId: 'owner',
  ownedByTeam: 'owner',
  dueOn: 'dueOn-day',
};

/** The id of the input an API field path belongs to (`actions.1.dueOn` → the second row's due day). */
export function meetingInputId(field: string, parsed: Pick<ParsedMeetingForm, 'attendeeRows' | 'actionRows'>): string {
  const [head, index, leaf] = field.split('.');
  if ((head === 'attendees' || head === 'actions') && index !== undefined && /^\d+$/.test(index)) {
    const rows = head === 'attendees' ? parsed.attendeeRows : parsed.actionRows;
    const row = rows[Number(index)] ?? Number(index);
    if (head === 'attendees') return `attendee-${row}-${leaf === 'present' ? 'present' : (leaf ?? 'name')}`;
    return `action-${row}-${ACTION_INPUT[leaf ?? ''] ?? 'description'}`;
  }
  return MEETING_FIELD_IDS[head ?? ''] ?? 'kind';
}

/** Everything the meeting form's template draws: options, rows with their values, errors by input id. */
export function meetingFormView(
  posted: Posted,
  ctx: MeetingFormContext,
  errorsById: ReadonlyMap<string, string>,
  addRow?: 'attendee' | 'action',
) {
  const attendeeRows = rowsOf(posted, 'attendeeRows', FIRST_ATTENDEE_ROWS) + (addRow === 'attendee' ? 1 : 0);
  const actionRows = rowsOf(posted, 'actionRows', FIRST_ACTION_ROWS) + (addRow === 'action' ? 1 : 0);
  const v = (name: string) => str(posted, name);
  const radio = (name: string, options: { value: string; text: string }[]) =>
    options.map((o) => ({ ...o, checked: v(name) === o.value }));
  const ownerOptions = (row: number) => {
    const chosen = v(`action-${row}-owner`);
    return [
      { value: '', text: 'Choose who owns it', selected: chosen === '' },
      { value: 'team', text: `${ctx.teamName} (the team)`, selected: chosen === 'team' },
      ...ctx.staff.map((u) => ({
        value: `user:${u.id}`,
        text: `${u.name} (the team)`,
        selected: chosen === `user:${u.id}`,
      })),
      ...ctx.partners.map((p) => ({
        value: `partner:${p.id}`,
        text: `${p.name}${p.area ? ` (${p.area})` : ''}`,
        selected: chosen === `partner:${p.id}`,
      })),
      { value: 'other', text: 'Another organisation (type it below)', selected: chosen === 'other' },
    ];
  };
  const convener = v('convenedBy');
  return {
    attendeeRows,
    actionRows,
    errorsById: Object.fromEntries(errorsById),
    values: posted,
    kindItems: radio(
      'kind',
      MEETING_KINDS.map((k) => ({ value: k, text: MEETING_KIND_TEXT[k] })),
    ),
    levelItems: radio(
      'mappaLevel',
      [1, 2, 3].map((n) => ({ value: String(n), text: MAPPA_LEVEL_TEXT[n] ?? String(n) })),
    ),
    categoryItems: radio(
      'mappaCategory',
      [1, 2, 3, 4].map((n) => ({ value: String(n), text: MAPPA_CATEGORY_TEXT[n] ?? String(n) })),
    ),
    convenerItems: [
      { value: '', text: `${ctx.teamName} (the team)`, selected: convener === '' },
      ...ctx.partners.map((p) => ({
        value: `partner:${p.id}`,
        text: `${p.name}${p.area ? ` (${p.area})` : ''}`,
        selected: convener === `partner:${p.id}`,
      })),
    ],
    attendees: Array.from({ length: attendeeRows }, (_, i) => ({
      index: i,
      name: v(`attendee-${i}-name`),
      organisation: v(`attendee-${i}-organisation`),
      role: v(`attendee-${i}-role`),
      present: v(`attendee-${i}-present`) === 'yes',
    })),
    actions: Array.from({ length: actionRows }, (_, i) => ({
      index: i,
      description: v(`action-${i}-description`),
      ownerName: v(`action-${i}-ownerName`),
      ownerOrganisation: v(`action-${i}-ownerOrganisation`),
      ownerItems: ownerOptions(i),
      day: v(`action-${i}-dueOn-day`),
      month: v(`action-${i}-dueOn-month`),
      year: v(`action-${i}-dueOn-year`),
    })),
  };
}

/** The close-an-action form: its status radios (the current status first chosen) and the note. */
export function actionFormItems(status: ActionStatus, chosen: string) {
  const options: { value: ActionStatus; text: string }[] = [
    { value: 'done', text: 'Done' },
    { value: 'cancelled', text: 'Cancelled: it will not be done' },
    { value: 'open', text: status === 'open' ? 'Still open' : 'Reopen it' },
  ];
  return options.map((o) => ({ ...o, checked: (chosen || (status === 'open' ? 'done' : status)) === o.value }));
}
