// The closure letter's words (issue: "a letter to the referrer and GP (PDF; plain language)").
import { describe, expect, it } from 'vitest';
import { closureLetterContent, type ClosureLetterFacts } from './closureLetterContent.ts';

const facts: ClosureLetterFacts = {
  person: { givenName: 'Alex', familyName: 'Example', dateOfBirth: '1990-01-02', nhsNumber: '943 476 5919' },
  referrer: { name: 'Riley Referrer', organisation: 'Probation North West' },
  referredOn: '2026-10-01',
  gpPractice: 'Riverside Surgery',
  team: { name: 'RECONNECT East of England', provider: 'An NHS trust' },
  leadWorker: { name: 'Sam Worker', email: 'sam@example.org' },
  openedOn: '2026-10-02',
  releasedOn: '2026-11-01',
  closedOn: '2027-05-01',
  reason: 'support_completed',
  summary: 'Settled with a GP and a flat.',
  contactsAttended: 12,
  contactTypes: ['in_prison', 'phone'],
  goals: [
    { description: 'Register with a GP', outcome: 'achieved' },
    { description: 'Find work', outcome: null },
  ],
  writtenOn: '2027-05-01',
};
const all = (f: ClosureLetterFacts) => {
  const l = closureLetterContent(f);
  return [
    l.title,
    ...l.to,
    ...l.about,
    ...l.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.bullets ?? [])]),
  ].join('\n');
};

describe('the closure letter', () => {
  it('is addressed to the referrer and the GP practice, about the person, with the support, the goals and who to contact', () => {
    const text = all(facts);
    expect(text).toContain('Riley Referrer, Probation North West (who referred them)');
    expect(text).toContain('Riverside Surgery (their GP practice)');
    expect(text).toContain('NHS number: 943 476 5919');
    expect(text).toContain('Alex has finished their support with us.');
    expect(text).toContain('We met or spoke with them 12 times, in prison and by phone.');
    expect(text).toContain('Register with a GP: achieved.');
    expect(text).toContain('Find work: not judged.');
    expect(text).toContain('contact Sam Worker at RECONNECT East of England: sam@example.org');
  });

  it('asks for it to be passed on when no GP practice is recorded, and says each reason in plain words', () => {
    expect(all({ ...facts, gpPractice: null })).toContain(
      'Their GP practice (not recorded: please pass this letter on)',
    );
    expect(all({ ...facts, reason: 'died' })).toContain('We are very sorry to tell you that Alex has died.');
    expect(all({ ...facts, reason: 'moved_and_transferred' })).toContain('Alex has moved to a new area.');
    expect(all({ ...facts, goals: [] })).toContain('There were no goals in their support plan.');
  });

  it('keeps sentences short (NHS content style: aim for 15 to 20 words)', () => {
    const sentences = all(facts)
      .split(/(?<=[.!?])\s+|\n/)
      .filter((s) => !s.includes('worker wrote'));
    for (const s of sentences) expect(s.split(/\s+/).length, s).toBeLessThanOrEqual(25);
  });
});
