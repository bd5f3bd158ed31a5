// The words of the person's own letters (issue 15, "Letters and plans the person can use"; PRODUCT.md: the
// person "receives letters and plans in a format they can use (easy read, large print, their language)"): the
// support plan and the appointments, each in standard, large print and easy read, in any language of
// wording.ts. Pure: the PDF is drawn by web/letterPdf.ts with the format's style.
import type { LetterPdf, LetterStyle } from '../web/letterPdf.ts';
import { dateIn, WORDING, type Language } from './wording.ts';

export const LETTER_KINDS = ['plan', 'appointments'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const LETTER_FORMATS = ['standard', 'large_print', 'easy_read'] as const;
export type LetterFormat = (typeof LETTER_FORMATS)[number];

/**
 * RNIB's clear print guidance: large print is at least 16 pt (we use 18 for the text, larger for headings),
 * black on white, left aligned, with space between lines. Easy read: large text, one idea a line, a picture
 * beside each line (Mencap's "Am I making myself clear?").
 */
export const STYLES: Record<LetterFormat, LetterStyle> = {
  standard: { body: 12, heading: 14, title: 18, small: 11, lineGap: 0, pictures: false },
  large_print: { body: 18, heading: 22, title: 26, small: 18, lineGap: 6, pictures: false },
  easy_read: { body: 16, heading: 20, title: 24, small: 16, lineGap: 6, pictures: true },
};

export interface PlanAction {
  description: string;
  ownerKind: string;
  ownerAgency: string | null;
  dueOn: string | null;
}

export interface PersonLetterFacts {
  /** The person as their referral names them, as written. */
  personName: string;
  team: { name: string; provider: string | null };
  leadWorker: string | null;
  goals: { description: string; actions: PlanAction[] }[];
  /** Booked, from today on: the release plan's drug and alcohol appointment, and plan actions with a date. */
  appointments: { on: string; what: 'drug_and_alcohol' | 'action'; text: string | null; where: string | null }[];
  writtenOn: string;
}

type Section = LetterPdf['sections'][number];

function owner(language: Language, a: PlanAction): string {
  const w = WORDING[language];
  if (a.ownerKind === 'person') return w.you;
  if (a.ownerKind === 'agency' && a.ownerAgency) return a.ownerAgency;
  return w.yourTeam;
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function planSections(language: Language, format: LetterFormat, f: PersonLetterFacts): Section[] {
  const w = WORDING[language];
  if (format === 'easy_read') {
    const goals: Section[] = f.goals.map((g) => ({
      heading: w.easy.goal(g.description),
      paragraphs: g.actions.flatMap((a) => [
        w.easy.action(a.description, upperFirst(owner(language, a))),
        ...(a.dueOn ? [w.easy.by(dateIn(language, a.dueOn))] : []),
      ]),
    }));
    return [
      { heading: w.planTitle, paragraphs: [...w.easy.planIntro] },
      ...(goals.length ? goals : [{ heading: w.goalsHeading, paragraphs: [w.noGoals] }]),
    ];
  }
  return [
    { heading: w.dear(f.personName), paragraphs: [w.planIntro] },
    ...(f.goals.length
      ? f.goals.map((g) => ({
          heading: g.description,
          paragraphs: [],
          bullets: g.actions.map((a) =>
            w.actionLine(a.description, owner(language, a), a.dueOn ? w.byDate(dateIn(language, a.dueOn)) : null),
          ),
        }))
      : [{ heading: w.goalsHeading, paragraphs: [w.noGoals] }]),
  ];
}

function appointmentText(language: Language, a: PersonLetterFacts['appointments'][number]): string {
  const w = WORDING[language];
  if (a.what === 'drug_and_alcohol')
    return a.text ? `${w.drugAndAlcoholAppointment}: ${a.text}` : w.drugAndAlcoholAppointment;
  return w.thingToDo(a.text ?? '');
}

function appointmentSections(language: Language, format: LetterFormat, f: PersonLetterFacts): Section[] {
  const w = WORDING[language];
  const sorted = [...f.appointments].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  if (format === 'easy_read')
    return [
      { heading: w.appointmentsTitle, paragraphs: [...w.easy.appointmentsIntro] },
      ...(sorted.length
        ? sorted.map((a) => ({
            heading: dateIn(language, a.on),
            paragraphs: [
              w.easy.appointment(appointmentText(language, a)),
              w.easy.when(dateIn(language, a.on)),
              ...(a.where ? [w.easy.where(a.where)] : []),
            ],
          }))
        : [{ heading: w.appointmentsHeading, paragraphs: [w.noAppointments] }]),
    ];
  return [
    { heading: w.dear(f.personName), paragraphs: [sorted.length ? w.appointmentsIntro : w.noAppointments] },
    ...(sorted.length
      ? [
          {
            heading: w.appointmentsHeading,
            paragraphs: [w.comeToEach],
            bullets: sorted.map((a) =>
              w.appointmentLine(appointmentText(language, a), dateIn(language, a.on), a.where),
            ),
          },
        ]
      : []),
  ];
}

function contactSection(language: Language, format: LetterFormat, f: PersonLetterFacts): Section {
  const w = WORDING[language];
  const lines = [
    ...(f.leadWorker ? [w.yourWorker(f.leadWorker)] : []),
    w.contactTeam(f.team.name),
    ...(format === 'easy_read' ? [...w.easy.contact, ...w.easy.otherFormats] : [w.questions, w.otherFormats]),
  ];
  return { heading: w.contactHeading, paragraphs: lines };
}

export function personLetterContent(
  kind: LetterKind,
  format: LetterFormat,
  language: Language,
  f: PersonLetterFacts,
): LetterPdf {
  const w = WORDING[language];
  const title = kind === 'plan' ? w.planTitle : w.appointmentsTitle;
  return {
    title,
    date: dateIn(language, f.writtenOn),
    to: [f.personName],
    about: [title],
    labels: { to: w.to, about: w.about },
    sections: [
      ...(kind === 'plan' ? planSections(language, format, f) : appointmentSections(language, format, f)),
      contactSection(language, format, f),
      ...(format === 'easy_read' ? [] : [{ heading: w.yoursSincerely, paragraphs: [f.team.name] }]),
    ],
  };
}

/**
 * The format the assessment asked for (communication domain, "Formats for letters and plans"): easy read
 * first when both are asked for (it is also in large type), then large print, else standard.
 */
export function formatOf(formats: readonly string[]): LetterFormat {
  if (formats.includes('easy_read')) return 'easy_read';
  if (formats.includes('large_print')) return 'large_print';
  return 'standard';
}
