// The decline letter to the referrer (issue 10: "The referrer is told … of … decline (with a decline letter,
// PDF, plain language)"): why the team cannot offer support, where else the person can get help, and who to
// ask. Plain English: short sentences, "you" for the referrer, "we" for the team, no codes. Pure.
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';

export interface DeclineLetterFacts {
  reference: string;
  teamName: string;
  person: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
  referrer: { name: string | null; organisation: string | null };
  receivedAt: string;
  decidedAt: string | null;
  reason: string | null;
  signposting: string | null;
  /** The criteria the referral did not meet, each already in words. */
  unmet: string[];
  writtenAt: Date;
}

export interface DeclineLetter {
  title: string;
  date: string;
  to: string[];
  about: string[];
  sections: { heading: string; paragraphs: string[]; bullets?: string[] }[];
}

const day = (iso: string | null, fallback: Date): string =>
  formatIsoDateLong(londonDate(iso ? new Date(iso) : fallback));

export function declineLetterContent(f: DeclineLetterFacts): DeclineLetter {
  const name = `${f.person.givenName} ${f.person.familyName}`;
  const referrer = [f.referrer.name, f.referrer.organisation].filter(Boolean).join(', ') || 'The referrer';
  const signposts = (f.signposting ?? '')
    .split(/(?<=\.)\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    title: `We cannot offer ${f.person.givenName} support`,
    date: day(null, f.writtenAt),
    to: [referrer],
    about: [
      name,
      `Date of birth: ${formatIsoDateLong(f.person.dateOfBirth)}`,
      ...(f.person.nhsNumber ? [`NHS number: ${f.person.nhsNumber}`] : []),
      `Our reference: ${f.reference}`,
    ],
    sections: [
      {
        heading: 'Our decision',
        paragraphs: [
          `Thank you for referring ${f.person.givenName} to ${f.teamName} on ${day(f.receivedAt, f.writtenAt)}.`,
          `We looked at the referral on ${day(f.decidedAt, f.writtenAt)}. We are sorry, but we cannot offer ${f.person.givenName} support.`,
        ],
      },
      {
        heading: 'Why',
        paragraphs: [f.reason?.trim() || 'The referral does not meet our criteria.'],
        ...(f.unmet.length ? { bullets: f.unmet } : {}),
      },
      {
        heading: 'Where else they can get help',
        paragraphs: signposts.length
          ? signposts
          : ['Their GP, or the healthcare team where they are now, can tell them about other local services.'],
      },
      {
        heading: 'If you have questions',
        paragraphs: [
          `Contact ${f.teamName} and give our reference, ${f.reference}.`,
          'You can refer again if things change, for example if they agree to be referred.',
        ],
      },
    ],
  };
}
