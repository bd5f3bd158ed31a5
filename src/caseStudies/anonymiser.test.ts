// The anonymiser of case studies as tables (issue 15: "the person as 'Mr A' (age band, needs), dates relative to
// release, places generalised to region, agencies by type, no identifiers"), and the draft it writes.
import { describe, expect, it } from 'vitest';
import { identifyingIn, scrub, type KnownValues } from './anonymiser.ts';
import { draftCaseStudy, type CaseFacts } from './draft.ts';
import { ageBand, agencyType, pseudonym, regionOfArea, relativeTo } from './generalisation.ts';

const NOBODY: KnownValues = { names: [], identifiers: [], dates: [], places: [] };
const release = { on: '2026-11-10', name: 'release' };

describe('the person', () => {
  it.each([
    ['male', 'Mr A'],
    ['female', 'Ms A'],
    [null, 'A'],
  ] as const)('%s is %s', (gender, name) => {
    expect(pseudonym(gender)).toBe(name);
  });

  it.each([
    ['2004-11-11', 'aged 18 to 24'],
    ['1995-06-01', 'aged 25 to 34'],
    ['1985-01-01', 'aged 35 to 44'],
    ['1970-01-01', 'aged 45 to 59'],
    ['1966-11-10', 'aged 60 or over'],
    ['1966-11-11', 'aged 45 to 59'],
  ])('born %s is %s on 10 November 2026', (born, band) => {
    expect(ageBand(born, '2026-11-10')).toBe(band);
  });
});

describe('dates relative to release', () => {
  it.each([
    ['2026-11-10', 'on the day of release'],
    ['2026-11-11', 'one day after release'],
    ['2026-11-13', 'three days after release'],
    ['2026-11-07', 'three days before release'],
    ['2026-10-27', 'two weeks before release'],
    ['2026-12-01', 'three weeks after release'],
    ['2027-02-10', 'three months after release'],
    ['2026-05-10', 'six months before release'],
    ['2029-11-10', 'three years after release'],
  ])('%s is %s', (on, words) => {
    expect(relativeTo(on, release)).toBe(words);
  });
});

describe('places and agencies', () => {
  it.each([
    ['Norfolk', 'the East of England'],
    ['blackpool', 'the North West'],
    ['Isle of Wight', 'the South East'],
    ['Nowhere-on-Sea', null],
    [null, null],
  ])('%s is in %s', (area, region) => {
    expect(regionOfArea(area)).toBe(region);
  });

  it.each([
    ['probation', 'the probation service'],
    ['gp', 'a GP practice'],
    ['prison_healthcare', 'prison healthcare'],
    ['something_new', 'another agency'],
    [null, 'another agency'],
  ])('%s is "%s"', (kind, words) => {
    expect(agencyType(kind)).toBe(words);
  });
});

describe('scrub', () => {
  const known: KnownValues = {
    names: ['Siân Wiśniewski-O’Brien', 'Siân', 'Wiśniewski-O’Brien'],
    identifiers: ['9434765919', 'A1234BC', 'X123456', '2002/0073319Z', 'RCN-000123'],
    dates: ['1961-02-28'],
    places: ['HMP Chelmsford', 'CM2 6LQ', '12 Springfield Road, Chelmsford'],
  };
  it.each([
    ['Siân said she would come', '[removed] said she would come'],
    ['SIAN WISNIEWSKI-O’BRIEN called', '[removed] called'],
    ['Wisniewski-O’Brien and O’Brien', '[removed] and [removed]'],
    ['NHS 943 476 5919 and 9434765919', 'NHS [removed] and [removed]'],
    ['prison number A1234BC, CRN X123456, PNC 2002/0073319Z', 'prison number [removed], CRN [removed], PNC [removed]'],
    ['another CRN Z654321 and prison number B9876ZZ', 'another CRN [removed] and prison number [removed]'],
    ['born 1961-02-28, seen 03/04/2026', 'born [removed], seen [removed]'],
    ['seen on 3 March 2026 and on Tuesday 4th April', 'seen on [removed] and on [removed]'],
    ['in March 2026, then 2027', 'in [removed], then [removed]'],
    ['left HMP Chelmsford for HMP Bure', 'left [removed] for [removed]'],
    ['lives at 12 Springfield Road, Chelmsford CM2 6LQ', 'lives at [removed]'],
    ['another postcode: SW1A 1AA', 'another postcode: [removed]'],
    ['call 01245 123456 or mail sian@example.org', 'call [removed] or mail [removed]'],
    ['referral RCN-000123', 'referral [removed]'],
    ['three days after release, a GP practice', 'three days after release, a GP practice'],
  ])('%s → %s', (text, out) => {
    expect(scrub(text, known)).toBe(out);
  });

  it('finds what still identifies someone, line by line', () => {
    expect(identifyingIn('All fine.\nSeen at HMP Bure.', NOBODY)).toEqual(['Seen at HMP Bure.']);
    expect(identifyingIn('All fine.\nThree days after release.', NOBODY)).toEqual([]);
  });
});

describe('the draft', () => {
  const facts: CaseFacts = {
    gender: null,
    dateOfBirth: '1961-02-28',
    siteCode: 'reconnect-east-of-england',
    model: 'RECONNECT',
    roshLevel: 'medium',
    needs: ['communication (medium: hearing, eyesight, reading and writing)', 'substance use (high)'],
    expectedReleaseOn: '2026-12-01',
    events: [
      { kind: 'referred', on: '2026-10-20', source: 'prison_healthcare' },
      { kind: 'opened', on: '2026-10-27' },
      { kind: 'released', on: '2026-11-10', fromCourt: true, destinationArea: 'Lancashire' },
      { kind: 'contact', on: '2026-11-13', type: 'phone', outcome: 'did_not_attend' },
      { kind: 'partner_note', on: '2026-11-14', partnerKind: 'probation' },
    ],
    missed: [
      {
        title: 'No contingency plan',
        severity: 'high',
        raisedOn: '2026-10-27',
        clearedOn: '2026-11-13',
        openAtClosure: false,
      },
      { title: 'GP not registered', severity: 'high', raisedOn: '2026-11-18', clearedOn: null, openAtClosure: true },
    ],
  };
  const draft = draftCaseStudy(facts, NOBODY);

  it('names the person A, with an age band, the region and their needs', () => {
    expect(draft.title).toBe('Case study: A, aged 60 or over, the East of England');
    expect(draft.background).toContain(
      'A is aged 60 or over and was supported by a RECONNECT team in the East of England.',
    );
    expect(draft.background).toContain('hearing, eyesight, reading and writing');
  });

  it('tells what happened relative to release, places by region, agencies by type', () => {
    expect(draft.whatHappened.split('\n')).toEqual([
      'Three weeks before release: A was referred to the team by prison healthcare.',
      'Two weeks before release: The team opened an episode of care.',
      'On the day of release: A was released from court, out of the team’s area, to the North West.',
      'Three days after release: A contact by phone was arranged, but A did not attend.',
      'Four days after release: The team heard from the probation service.',
    ]);
  });

  it('lists the safety net’s items with when they were raised and cleared, and leaves the lessons to write', () => {
    expect(draft.missedOpportunities).toContain(
      'No contingency plan (high priority): raised two weeks before release; cleared three days after release.',
    );
    expect(draft.missedOpportunities).toContain(
      'GP not registered (high priority): raised eight days after release; still raised when the episode closed.',
    );
    expect(draft.lessons).toContain('Early recognition and referral');
    expect(draft.lessons).toContain('[Write here]');
  });
});
