/**
 * What the eligibility engine reads (results are in types.ts). EligibilityFacts is the referral body of
 * API.md with every field optional and nullable, so that a partly filled draft can be evaluated too
 * (API.md: "Missing optional facts make the matching rules `unknown`, not `pass`").
 */
import type { RoshLevel, SourceType } from '../sites/policy.ts';

/** Seed 000, priority group 3 at Birmingham & Solihull: "the 8 key criteria". */
export const BSOL_CRITERIA = [
  'highRoshToOthers',
  'mentalHealth',
  'selfHarmOrSuicideRisk',
  'learningDifficulties',
  'mappaLevel2or3',
  'substanceMisuse',
  'ippSentence',
  'opdPathway',
] as const;
export type BsolCriterion = (typeof BSOL_CRITERIA)[number];

export const BSOL_CRITERIA_LABELS: Record<BsolCriterion, string> = {
  highRoshToOthers: 'high risk of serious harm to others',
  mentalHealth: 'mental health concerns',
  selfHarmOrSuicideRisk: 'risk of self-harm or suicide',
  learningDifficulties: 'learning difficulties',
  mappaLevel2or3: 'current MAPPA level 2 or 3 registration',
  substanceMisuse: 'drug or alcohol issues',
  ippSentence: 'IPP sentence',
  opdPathway: 'screened into the Offender Personality Disorder pathway',
};

/** API.md: `custody.status` is `in_custody` or `in_community` (already released). */
export const CUSTODY_STATUSES = ['in_custody', 'in_community'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];

export type PriorityGroup = 1 | 2 | 3;

/** Absent (undefined) or null both mean "not known", except where a field says otherwise. */
type Maybe<T> = T | null | undefined;

export interface EligibilityFacts {
  site?: Maybe<string>;
  source?: Maybe<{
    type?: Maybe<SourceType>;
    organisation?: Maybe<string>;
    name?: Maybe<string>;
    email?: Maybe<string>;
    phone?: Maybe<string>;
  }>;
  person?: Maybe<{
    givenName?: Maybe<string>;
    familyName?: Maybe<string>;
    dateOfBirth?: Maybe<string>;
    nhsNumber?: Maybe<string>;
    prisonNumber?: Maybe<string>;
    crn?: Maybe<string>;
    pncId?: Maybe<string>;
  }>;
  consent?: Maybe<{ given?: Maybe<boolean>; date?: Maybe<string> }>;
  custody?: Maybe<{
    status?: Maybe<CustodyStatus>;
    establishment?: Maybe<string>;
    expectedReleaseDate?: Maybe<string>;
    releaseDate?: Maybe<string>;
    releaseType?: Maybe<string>;
    resettlementArea?: Maybe<string>;
  }>;
  openToProbation?: Maybe<boolean>;
  roshLevel?: Maybe<RoshLevel>;
  /**
   * The one field where null is an answer: API.md lists `null` among the values of `priorityGroup`,
   * meaning "in none of the groups". Absent (undefined) means not yet known.
   */
  priorityGroup?: Maybe<PriorityGroup>;
  criteria?: Maybe<{ [K in BsolCriterion]?: Maybe<boolean> }>;
  iirmsEligible?: Maybe<boolean>;
  healthNeeds?: Maybe<string>;
  /** Seed 000: "experience complex unmet health needs linked with their offending". Kept explicit. */
  complexHealthNeeds?: Maybe<boolean>;
  /** Seed 002: RECONNECT "supports prison leavers with healthcare needs who are unlikely to engage on their own". */
  unlikelyToEngage?: Maybe<boolean>;
}
