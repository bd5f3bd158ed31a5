// Case studies for reflective practice (issue 15, seed 002) and the letters the person can use.
import { managesSite, worksAt } from '../roles.ts';
import type { Rule } from './rule.ts';

/** What a case study (or the episode it is drawn from) is judged by: the episode's site. */
export interface CaseStudyFacts {
  siteCode: string;
}

export const caseStudyRules = {
  /**
   * Seed 002: the team's managers run the round table and write up what was learnt. Drafts name no one, but
   * they are drawn from a person's record: the site's managers draft, edit, approve and download them.
   */
  writeCaseStudy: {
    allow: (viewer, r) => managesSite(viewer, r.siteCode),
    refusal: 'Only a manager of the site can write and read case studies',
  },
  /**
   * An approved case study is written to be shared with every team (seed 002): the site's staff read and
   * download it. Drafts stay with the managers.
   */
  readCaseStudies: {
    allow: (viewer, r) => worksAt(viewer, r.siteCode),
    refusal: 'Only the site’s practitioners and managers can read its case studies',
  },
  /** The person's own letters and plan (PRODUCT.md "the person themselves"): written by the site's team. */
  writePersonLetters: {
    allow: (viewer, r) => worksAt(viewer, r.siteCode),
    refusal: 'Only the site’s practitioners and managers can make letters for the person',
  },
} satisfies Record<string, Rule<CaseStudyFacts>>;
