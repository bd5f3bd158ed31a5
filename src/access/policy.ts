// What each role may do, by named action (the Outline `policies/` idea). Views get the same answers so
// pages never offer what the user cannot do. Which *records* a user may see at all is decided where the
// data is read (access/referralScope.ts), not here.
import type { Viewer } from './viewer.ts';

export interface ReferralFacts {
  siteCode: string;
  submittedBy: string;
  restricted: boolean;
  status: string;
}

export type Action = 'refer' | 'viewScreeningQueue' | 'screen' | 'answerInformationRequest' | 'manageUsers';

const SCREENABLE = new Set(['awaiting_screening', 'information_requested']);

export function can(viewer: Viewer, action: Action, referral?: ReferralFacts): boolean {
  switch (action) {
    case 'refer':
      // "No wrong door" (PRODUCT.md): referrers refer; staff may also refer on someone's behalf.
      return viewer.role === 'referrer' || viewer.role === 'practitioner' || viewer.role === 'manager';
    case 'viewScreeningQueue':
      return (viewer.role === 'practitioner' || viewer.role === 'manager') && viewer.siteCodes.length > 0;
    case 'screen':
      if (!referral || !SCREENABLE.has(referral.status)) return false;
      if (!viewer.siteCodes.includes(referral.siteCode)) return false;
      if (viewer.role === 'manager') return true;
      return viewer.role === 'practitioner' && !referral.restricted;
    case 'answerInformationRequest':
      return !!referral && referral.submittedBy === viewer.id && referral.status === 'information_requested';
    case 'manageUsers':
      return viewer.role === 'admin';
  }
}

export function abilities(viewer: Viewer | undefined) {
  if (!viewer) return { refer: false, viewScreeningQueue: false, manageUsers: false };
  return {
    refer: can(viewer, 'refer'),
    viewScreeningQueue: can(viewer, 'viewScreeningQueue'),
    manageUsers: can(viewer, 'manageUsers'),
  };
}
