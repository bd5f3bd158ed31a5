// The service's fixed wording of the person's own letters, keyed by language (issue 15: "the service's fixed
// wording in English and Welsh and a structure that takes more languages"; seed 001: "This leaflet is available
// in alternative languages and formats upon request"). A language is added by adding one entry to WORDING: every
// key is required, so the type checker names anything missing. What the team wrote (goals, actions, services,
// names) is free text and is shown as written, in whatever language it was written in.
//
// Welsh follows the Welsh Language Standards' plain register (the "chi" form throughout).
import { MONTH_NAMES } from '../identifiers/dates.ts';

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', cy: 'Welsh (Cymraeg)' };

export interface Wording {
  months: readonly string[];
  to: string;
  about: string;
  dear: (name: string) => string;
  yoursSincerely: string;
  planTitle: string;
  appointmentsTitle: string;
  planIntro: string;
  goalsHeading: string;
  noGoals: string;
  actionLine: (what: string, who: string, by: string | null) => string;
  byDate: (date: string) => string;
  you: string;
  yourTeam: string;
  appointmentsIntro: string;
  noAppointments: string;
  appointmentsHeading: string;
  appointmentLine: (what: string, date: string, where: string | null) => string;
  drugAndAlcoholAppointment: string;
  thingToDo: (what: string) => string;
  comeToEach: string;
  contactHeading: string;
  yourWorker: (name: string) => string;
  contactTeam: (team: string) => string;
  questions: string;
  otherFormats: string;
  /** Easy read: short sentences, one idea a line. */
  easy: {
    planIntro: readonly string[];
    goal: (what: string) => string;
    action: (what: string, who: string) => string;
    by: (date: string) => string;
    appointmentsIntro: readonly string[];
    appointment: (what: string) => string;
    when: (date: string) => string;
    where: (place: string) => string;
    contact: readonly string[];
    otherFormats: readonly string[];
  };
}

const en: Wording = {
  months: MONTH_NAMES,
  to: 'To:',
  about: 'About:',
  dear: (name) => `Dear ${name}`,
  yoursSincerely: 'Yours sincerely',
  planTitle: 'Your support plan',
  appointmentsTitle: 'Your appointments',
  planIntro: 'This is your support plan. It says what you want to achieve and what we will do together to get there.',
  goalsHeading: 'Your goals',
  noGoals: 'Nothing is in your plan yet. We will write it with you.',
  actionLine: (what, who, by) => `${what}: ${who}${by ? `, ${by}` : ''}`,
  byDate: (date) => `by ${date}`,
  you: 'you',
  yourTeam: 'your team',
  appointmentsIntro: 'Here are the appointments and the things to do that are booked for you.',
  noAppointments: 'You have no appointments booked yet. We will write to you when one is booked.',
  appointmentsHeading: 'What is booked',
  appointmentLine: (what, date, where) => `${date}: ${what}${where ? ` (${where})` : ''}`,
  drugAndAlcoholAppointment: 'Appointment with the drug and alcohol service',
  thingToDo: (what) => `To do: ${what}`,
  comeToEach: 'Please come to each appointment. If you cannot come, tell us as soon as you can.',
  contactHeading: 'Who to contact',
  yourWorker: (name) => `Your worker is ${name}.`,
  contactTeam: (team) => `You can contact ${team}.`,
  questions: 'If you have any questions, please contact us.',
  otherFormats:
    'This letter is available in other languages and formats, such as easy read and large print. Please ask us.',
  easy: {
    planIntro: ['This is your plan.', 'It says what you want to do.', 'It says how we will help you.'],
    goal: (what) => `You want: ${what}`,
    action: (what, who) => `${who}: ${what}`,
    by: (date) => `When: by ${date}`,
    appointmentsIntro: ['This letter is about your appointments.', 'Please go to each one.'],
    appointment: (what) => `What: ${what}`,
    when: (date) => `When: ${date}`,
    where: (place) => `Where: ${place}`,
    contact: ['Do you have a question?', 'Please ask us.', 'We can help you.'],
    otherFormats: ['You can have this letter in other languages.', 'You can have it in large print.'],
  },
};

const cy: Wording = {
  months: [
    'Ionawr',
    'Chwefror',
    'Mawrth',
    'Ebrill',
    'Mai',
    'Mehefin',
    'Gorffennaf',
    'Awst',
    'Medi',
    'Hydref',
    'Tachwedd',
    'Rhagfyr',
  ],
  to: 'At:',
  about: 'Ynghylch:',
  dear: (name) => `Annwyl ${name}`,
  yoursSincerely: 'Yn gywir',
  planTitle: 'Eich cynllun cymorth',
  appointmentsTitle: 'Eich apwyntiadau',
  planIntro:
    'Dyma eich cynllun cymorth. Mae’n dweud beth rydych chi eisiau ei gyflawni a beth fyddwn ni’n ei wneud gyda’n gilydd i gyrraedd yno.',
  goalsHeading: 'Eich nodau',
  noGoals: 'Does dim byd yn eich cynllun eto. Byddwn ni’n ei ysgrifennu gyda chi.',
  actionLine: (what, who, by) => `${what}: ${who}${by ? `, ${by}` : ''}`,
  byDate: (date) => `erbyn ${date}`,
  you: 'chi',
  yourTeam: 'eich tîm',
  appointmentsIntro: 'Dyma’r apwyntiadau a’r pethau i’w gwneud sydd wedi’u trefnu i chi.',
  noAppointments:
    'Does dim apwyntiadau wedi’u trefnu i chi eto. Byddwn ni’n ysgrifennu atoch chi pan fydd un wedi’i drefnu.',
  appointmentsHeading: 'Beth sydd wedi’i drefnu',
  appointmentLine: (what, date, where) => `${date}: ${what}${where ? ` (${where})` : ''}`,
  drugAndAlcoholAppointment: 'Apwyntiad gyda’r gwasanaeth cyffuriau ac alcohol',
  thingToDo: (what) => `I’w wneud: ${what}`,
  comeToEach: 'Dewch i bob apwyntiad. Os na allwch chi ddod, rhowch wybod i ni cyn gynted ag y gallwch chi.',
  contactHeading: 'Pwy i gysylltu â nhw',
  yourWorker: (name) => `Eich gweithiwr yw ${name}.`,
  contactTeam: (team) => `Gallwch chi gysylltu â ${team}.`,
  questions: 'Os oes gennych chi unrhyw gwestiynau, cysylltwch â ni.',
  otherFormats:
    'Mae’r llythyr hwn ar gael mewn ieithoedd a fformatau eraill, fel hawdd ei ddeall a print bras. Gofynnwch i ni.',
  easy: {
    planIntro: [
      'Dyma eich cynllun.',
      'Mae’n dweud beth rydych chi eisiau ei wneud.',
      'Mae’n dweud sut byddwn ni’n eich helpu chi.',
    ],
    goal: (what) => `Rydych chi eisiau: ${what}`,
    action: (what, who) => `${who}: ${what}`,
    by: (date) => `Pryd: erbyn ${date}`,
    appointmentsIntro: ['Mae’r llythyr hwn am eich apwyntiadau.', 'Ewch i bob un.'],
    appointment: (what) => `Beth: ${what}`,
    when: (date) => `Pryd: ${date}`,
    where: (place) => `Ble: ${place}`,
    contact: ['Oes gennych chi gwestiwn?', 'Gofynnwch i ni.', 'Gallwn ni eich helpu chi.'],
    otherFormats: ['Gallwch chi gael y llythyr hwn mewn ieithoedd eraill.', 'Gallwch chi ei gael mewn print bras.'],
  },
};

export const WORDING: Record<Language, Wording> = { en, cy };

export const isLanguage = (v: unknown): v is Language =>
  typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/** "2027-03-05" → "5 March 2027" / "5 Mawrth 2027". */
export function dateIn(language: Language, iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${String(d)} ${WORDING[language].months[(m ?? 1) - 1] ?? ''} ${String(y)}`;
}

/**
 * The language of the person's letters from the assessment's "first language" (free text): Welsh by its English
 * or Welsh name or code; anything else English, until its wording is added here.
 */
export function languageOf(firstLanguage: string | null | undefined): Language {
  const v = (firstLanguage ?? '').trim().toLowerCase();
  if (['welsh', 'cymraeg', 'cy', 'cym', 'wel'].includes(v)) return 'cy';
  return 'en';
}
