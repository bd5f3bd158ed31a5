// The words of the closure letter to the referrer and the GP (issue "Episode lifecycle": "a letter to the
// referrer and GP (PDF; plain language)"). NHS content style: short sentences, active voice, "you" for
// the reader, "we" for the team, no jargon or codes. Pure: the PDF is drawn by closureLetterPdf.ts.
import { formatIsoDateLong } from '../identifiers/dates.ts';
import { GOAL_OUTCOME_TEXT } from './closureRules.ts';
import { CLOSURE_REASONS, GOAL_OUTCOMES, type ClosureReason, type GoalOutcome } from './schema.ts';

export interface ClosureLetterFacts {
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
  referrer: { name: string; organisation: string | null };
  referredOn: string;
  gpPractice: string | null;
  team: { name: string; provider: string | null };
  leadWorker: { name: string; email: string } | null;
  openedOn: string;
  releasedOn: string | null;
  closedOn: string;
  reason: string | null;
  summary: string | null;
  contactsAttended: number;
  contactTypes: string[];
  goals: { description: string; outcome: string | null }[];
  writtenOn: string;
}

export interface LetterSection {
  heading: string;
  paragraphs: string[];
  bullets?: string[];
}
export interface ClosureLetter {
  title: string;
  date: string;
  to: string[];
  about: string[];
  sections: LetterSection[];
}

/** Why support ended, about the person, in words a referrer, a GP and the person could all read. */
function reasonSentence(reason: ClosureReason, name: string): string {
  switch (reason) {
    case 'support_completed':
      return `${name} has finished their support with us.`;
    case 'disengaged':
      return `${name} stopped meeting with us. We tried to get back in touch but could not.`;
    case 'moved_and_transferred':
      return `${name} has moved to a new area. A team there now supports them.`;
    case 'recalled_long_term':
      return `${name} has gone back to prison for a long time. We have stopped our support for now.`;
    case 'died':
      return `We are very sorry to tell you that ${name} has died.`;
    case 'declined_further_support':
      return `${name} told us they do not want any more support from us.`;
    case 'stepped_up_or_down':
      return `${name} now gets support from a different service that better meets their needs.`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  in_prison: 'in prison',
  community: 'in the community',
  home_visit: 'at home',
  phone: 'by phone',
  video: 'by video call',
  professional: 'with other professionals',
};

const isReason = (r: string | null): r is ClosureReason => (CLOSURE_REASONS as readonly (string | null)[]).includes(r);
const isOutcome = (o: string | null): o is GoalOutcome => (GOAL_OUTCOMES as readonly (string | null)[]).includes(o);

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function closureLetterContent(f: ClosureLetterFacts): ClosureLetter {
  const fullName = `${f.person.givenName} ${f.person.familyName}`;
  const name = f.person.givenName;
  const support: string[] = [
    `We supported ${name} from ${formatIsoDateLong(f.openedOn)} to ${formatIsoDateLong(f.closedOn)}.`,
  ];
  if (f.releasedOn) support.push(`They left custody on ${formatIsoDateLong(f.releasedOn)}.`);
  if (f.contactsAttended > 0) {
    const ways = f.contactTypes.map((t) => TYPE_WORDS[t] ?? t);
    support.push(
      `We met or spoke with them ${f.contactsAttended === 1 ? 'once' : `${f.contactsAttended} times`}${ways.length ? `, ${list(ways)}` : ''}.`,
    );
  }
  if (f.summary) support.push(`Their worker wrote: “${f.summary}”`);
  const goals = f.goals.map(
    (g) => `${g.description}: ${isOutcome(g.outcome) ? GOAL_OUTCOME_TEXT[g.outcome].toLowerCase() : 'not judged'}.`,
  );
  const contact = f.leadWorker
    ? `If you have any questions about this letter, contact ${f.leadWorker.name} at ${f.team.name}: ${f.leadWorker.email}.`
    : `If you have any questions about this letter, contact ${f.team.name}.`;
  return {
    title: `Support from ${f.team.name} has ended`,
    date: formatIsoDateLong(f.writtenOn),
    to: [
      `${f.referrer.name}${f.referrer.organisation ? `, ${f.referrer.organisation}` : ''} (who referred them)`,
      f.gpPractice
        ? `${f.gpPractice} (their GP practice)`
        : 'Their GP practice (not recorded: please pass this letter on)',
    ],
    about: [
      fullName,
      `Date of birth: ${formatIsoDateLong(f.person.dateOfBirth)}`,
      ...(f.person.nhsNumber ? [`NHS number: ${f.person.nhsNumber}`] : []),
    ],
    sections: [
      {
        heading: 'Why support has ended',
        paragraphs: [
          `Our support for ${fullName} ended on ${formatIsoDateLong(f.closedOn)}.`,
          `You are getting this letter because you referred them to us on ${formatIsoDateLong(f.referredOn)}, or because you are their GP.`,
          isReason(f.reason) ? reasonSentence(f.reason, name) : `Reason: ${f.reason ?? 'not recorded'}.`,
        ],
      },
      { heading: 'What support we gave', paragraphs: support },
      {
        heading: 'Their goals',
        paragraphs: goals.length
          ? ['These were the goals in their support plan, and how far they got with each.']
          : ['There were no goals in their support plan.'],
        bullets: goals,
      },
      {
        heading: 'Who to contact',
        paragraphs: [contact, `If ${name} needs our support again, you can refer them to us again.`],
      },
    ],
  };
}
