// The demo's partner directory: fictional organisations in each site's area (src/demo/multiAgency.ts).
import type { PartnerKind } from '../partners/rules.ts';

export const EAST = 'reconnect-east-of-england';
export const LANCS = 'er-lancashire-cumbria';

/** Fictional organisations, a directory for each site's area. */
export const DEMO_DIRECTORY: Record<string, [string, PartnerKind, string][]> = {
  [EAST]: [
    ['Norwich Probation Delivery Unit', 'probation', 'Norfolk'],
    ['HMP Norwich Healthcare', 'prison_healthcare', 'Norfolk'],
    ['Riverside Medical Centre, Norwich', 'gp', 'Norfolk'],
    ['Norwich City Council Housing Options', 'housing', 'Norfolk'],
    ['Norwich Community Mental Health Team', 'community_mental_health', 'Norfolk'],
    ['Norfolk Alcohol and Drug Service', 'substance_misuse', 'Norfolk'],
    ['Norfolk Adult Social Care', 'local_authority', 'Norfolk'],
    ['Norfolk Police Offender Management', 'police', 'Norfolk'],
    ['Anchor Lodge Supported Housing', 'voluntary', 'Norfolk'],
    ['Norfolk Liaison and Diversion', 'liaison_and_diversion', 'Norfolk'],
  ],
  [LANCS]: [
    ['Blackpool Probation Delivery Unit', 'probation', 'Blackpool'],
    ['HMP Preston Healthcare', 'prison_healthcare', 'Lancashire'],
    ['Layton Medical Centre, Blackpool', 'gp', 'Blackpool'],
    ['Blackpool Council Housing Options', 'housing', 'Blackpool'],
    ['Fylde Coast Community Mental Health Team', 'community_mental_health', 'Blackpool'],
    ['Lancashire Police Public Protection Unit', 'police', 'Lancashire'],
    ['Preston Approved Premises', 'approved_premises', 'Lancashire'],
  ],
  'er-birmingham-solihull': [
    ['Birmingham Central Probation Delivery Unit', 'probation', 'Birmingham'],
    ['HMP Birmingham Healthcare', 'prison_healthcare', 'Birmingham'],
    ['Solihull Community Mental Health Team', 'community_mental_health', 'Solihull'],
    ['Birmingham Council Housing Options', 'housing', 'Birmingham'],
    ['West Midlands Police Offender Management', 'police', 'West Midlands'],
  ],
  'reconnect-hampshire': [
    ['Southampton Probation Delivery Unit', 'probation', 'Southampton'],
    ['HMP Winchester Healthcare', 'prison_healthcare', 'Hampshire'],
    ['Portswood Surgery, Southampton', 'gp', 'Southampton'],
    ['Southampton City Council Housing Needs', 'housing', 'Southampton'],
    ['Hampshire Substance Misuse Service', 'substance_misuse', 'Hampshire'],
  ],
};
