// Retention (NHS Records Management Code of Practice 2023, Appendix II): each record carries a class,
// and the class says how long after care ends it must be kept before it is reviewed for disposal.
// Nothing is deleted automatically: a person reviews what falls due. Pure, with dates passed in.
import { addMonthsIso } from '../identifiers/dates.ts';

export interface RetentionClass {
  label: string;
  yearsAfterCareEnds: number;
  source: string;
}

export const RETENTION_CLASSES: Record<string, RetentionClass> = {
  // "Mental health records … 20 years after the date of last contact … or 8 years after death."
  mental_health: {
    label: 'Mental health care record',
    yearsAfterCareEnds: 20,
    source: 'Records Management Code of Practice 2023, Appendix II: mental health records',
  },
};

export interface RetainedRecord {
  retentionClass: string;
  careEndedOn: string | null;
  legalHold: boolean;
}

/** The date the record falls due for review, or null while care continues. */
export function reviewDueOn(record: RetainedRecord): string | null {
  const cls = RETENTION_CLASSES[record.retentionClass];
  if (!cls || !record.careEndedOn) return null;
  return addMonthsIso(record.careEndedOn, cls.yearsAfterCareEnds * 12);
}

/** Due for review on `today`: care has ended, the period has passed, and no legal hold. */
export function dueForReview(record: RetainedRecord, today: string): boolean {
  const due = reviewDueOn(record);
  return !record.legalHold && due !== null && due <= today;
}
