// The one display vocabulary: every stored code a page shows is said here in the team's words, and nothing
// else on a page may show a code. Presenters call `say`; templates use the `words` filter (`{{ x | words }}`),
// `siteName` for a team's code, and the render step passes error messages through `pageMessage`, which turns
// the API's wording ("Must be one of a, b, c", "Invalid input: expected string") into the person's.
/** Codes with words of their own. A code not here reads as its words ("did_not_attend" → "Did not attend"). */
export const VOCABULARY: Readonly<Record<string, string>> = {
  accepted: 'Accepted',
  accommodation_unsettled: 'Accommodation not settled',
  acquired_brain_injury: 'Acquired brain injury',
  action_overdue: 'Action overdue',
  approved_premises: 'Approved premises',
  approved_premises_key_worker: 'Approved premises key worker',
  awaiting_screening: 'Awaiting screening',
  awaiting_window: 'Waiting for pre-release support',
  break_glass_unreviewed: 'Emergency access to review',
  care_coordinator: 'Care coordinator',
  channel_panel: 'Channel Panel',
  community_mental_health: 'Community mental health team',
  community_services_informed: 'Community services informed',
  conditional_release: 'Conditional release',
  consent_review_due: 'Consent to review',
  consultation_review: 'Consultation review',
  contingency_plan: 'Contingency plan for an unplanned release',
  crack_cocaine: 'Crack or cocaine',
  declined: 'Declined',
  declined_further_support: 'Declined further support',
  deportation_or_irc: 'Deportation or an immigration removal centre (IRC)',
  easy_read: 'Easy read',
  end_of_sentence: 'End of sentence',
  gp_not_registered: 'GP not registered',
  gp_registration: 'GP registration',
  home_detention_curfew: 'Home detention curfew (HDC)',
  housing_officer: 'Housing officer',
  id_and_money: 'ID and money',
  in_progress: 'In progress',
  information_requested: 'Waiting for the referrer',
  ipp_licence: 'IPP licence',
  large_print: 'Large print',
  learning_difficulty: 'Learning difficulty',
  learning_disability: 'Learning disability',
  legal_obligation: 'Legal obligation (UK GDPR article 6(1)(c))',
  liaison_and_diversion: 'Liaison and diversion',
  local_authority: 'Local authority (adult social care and other services)',
  local_probation_informed: 'Local probation informed',
  medication_on_release: 'Medication on release',
  meet_at_the_gate: 'Meet at the gate',
  mental_health_handover: 'Mental health handover',
  modern_slavery: 'Modern slavery',
  moved_and_transferred: 'Moved away and transferred to another team',
  needs_flagged_to_court: 'Needs flagged to the court',
  no_contact_after_release: 'No contact since release',
  no_contingency_plan: 'No contingency plan',
  no_need: 'No need',
  no_recent_contact: 'No recent contact',
  not_achieved: 'Not achieved',
  not_appropriate: 'Not appropriate',
  not_started: 'Not yet started',
  out_of_area: 'Out-of-area release handover',
  out_of_area_no_handover: 'Out of area, no handover',
  partly_achieved: 'Partly achieved',
  partner_note: 'Partner note',
  police_offender_manager: 'Police offender manager',
  post_release: 'After release',
  pre_release: 'Before release',
  prison_healthcare: 'Prison healthcare',
  public_task: 'Public task (UK GDPR article 6(1)(e))',
  recall_release: 'Release after recall',
  recalled_long_term: 'Recalled to custody for a long time',
  release_date: 'Release date',
  release_date_changed: 'Release date changed',
  release_from_court: 'Release from court or time served',
  release_plan: 'Release plan',
  release_plan_incomplete: 'Release soon, plan incomplete',
  screening_due_soon: 'Screening due soon',
  screening_overdue: 'Screening overdue',
  social_worker: 'Social worker',
  step_down: 'Step down to RECONNECT',
  step_up: 'Step up to Enhanced RECONNECT',
  stepped_up_or_down: 'Stepped up or down to another service',
  substance_misuse: 'Substance misuse service',
  substance_misuse_appointment: 'Substance misuse appointment in the community',
  substance_misuse_link_missing: 'Substance misuse link not made',
  substance_misuse_worker: 'Substance misuse worker',
  support_completed: 'Support completed',
  support_ending: 'Support ending',
  synthetic_cannabinoids: 'Synthetic cannabinoids (spice)',
  vital_interests: 'Vital interests: to protect someone’s life (UK GDPR article 6(1)(d))',
  in_custody: 'In custody',
  in_community: 'In the community',
  in_prison: 'In prison',
  did_not_attend: 'Did not attend',
  more_information: 'Ask the referrer for more information',
  self_referral: 'Self-referral',
  counter_terrorism: 'Counter-terrorism',
  nsd: 'National security division (NSD)',
  rosh: 'Risk of serious harm',
  very_high: 'Very high',
  not_known: 'Not known',
  prefer_not_to_say: 'Prefer not to say',
  face_to_face: 'Face to face',
  home_visit: 'Home visit',
};

/** What a page shows where nothing is recorded. */
export const NOT_RECORDED = 'Not recorded';

/** A stored code in words; nothing recorded reads "Not recorded"; free text is shown as typed. */
export function say(value: unknown, empty: string = NOT_RECORDED): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) return value.length ? value.map((v) => say(v)).join(', ') : empty;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : empty;
  const known = VOCABULARY[value];
  if (known) return known;
  if (/^[a-z]+(_[a-z0-9]+)+$/.test(value)) {
    const spaced = value.replace(/_/g, ' ');
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  }
  return value;
}

/** The API's validation wording, said as a page says it (the field's own label is on the page beside it). */
const API_MESSAGES: [RegExp, string][] = [
  [/^Must be one of .*$/, 'Select one of the options'],
  [/^Choose (.*?): one of [a-z0-9_, ]+$/, 'Select $1'],
  [/^Choose in_custody or in_community$/, 'Select whether they are in custody or already released'],
  [/^Invalid option: .*$/, 'Select one of the options'],
  [/^Must be an id from the API$/, 'Select one of the options'],
  [/^Invalid input: expected (string|number|boolean|array|object), received (undefined|null)$/, 'Answer this question'],
  [/^Invalid input: expected .*$/, 'Check this answer'],
  [/^Choose accept, decline or more_information$/, 'Select accept, decline or ask the referrer for more information'],
  [/^Enter a real date in the format YYYY-MM-DD$/, 'Enter a real date, like 10 11 2026'],
  [/^Enter a date like \d{4}-\d{2}-\d{2}$/, 'Enter a real date, like 10 11 2026'],
  [/^Enter risk of serious harm \(rosh\)$/, 'Select their risk of serious harm'],
  // zod's own defaults, wherever a schema has no message of its own (issue 10: "every error message on
  // those forms must be in plain words"); test/words/formErrorWords.test.ts posts garbage to every form.
  [/^Too big: expected string to have <=(\d+) characters?$/, 'Must be $1 characters or fewer'],
  [/^Too small: expected string to have >=1 characters?$/, 'Answer this question'],
  [/^Too small: expected string to have >=(\d+) characters?$/, 'Must be $1 characters or more'],
  [/^Too big: expected array to have <=(\d+) items?$/, 'Give $1 or fewer'],
  [/^Too small: expected array to have >=1 items?$/, 'Answer this question'],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, 'Must be $1 or less'],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, 'Must be $1 or more'],
  [/^Too (big|small): .*$/, 'Check this answer'],
  [/^Invalid email address$/, 'Enter an email address in the correct format, like name@example.com'],
  [
    /^Invalid (string|date|uuid|UUID|url|URL|number|type|enum|literal|element|key|union|ISO datetime).*$/,
    'Check this answer',
  ],
  [/^Invalid input$/, 'Check this answer'],
  [/^Required$/, 'Answer this question'],
  [/^Expected (string|number|boolean|array|object|date), received .*$/, 'Check this answer'],
  [/^Unrecognized keys?: .*$/, 'Check this answer'],
  [/^Enter a real date, like (\d{4})-(\d{2})-(\d{2})$/, 'Enter a real date, like 31 12 2026'],
];

export function pageMessage(message: string): string {
  for (const [pattern, words] of API_MESSAGES) if (pattern.test(message)) return message.replace(pattern, words);
  return message;
}

/** The render context's error messages (`errors`, `fieldErrors`, `dateError`, the meetings form's `ids`) in words. */
export function errorsInPageWords(context: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) out[key] = /rror|^ids$/.test(key) ? inPageWords(value) : value;
  return out;
}

/**
 * Every string in what a page is rendered from that is one of the API's validation messages, said in words.
 * Only whole strings that match a message change: codes the templates branch on are left alone.
 */
export function inPageWords<T>(value: T, depth = 0): T {
  if (depth > 6 || value === null || value === undefined) return value;
  if (typeof value === 'string') return pageMessage(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => inPageWords(v, depth + 1)) as T;
  if (value instanceof Map)
    return new Map([...value].map(([k, v]: [unknown, unknown]) => [k, inPageWords(v, depth + 1)])) as T;
  if (Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, inPageWords(v, depth + 1)]),
    ) as T;
  return value;
}

/**
 * What the success banner says after a save (web/saved.ts), by what was saved: "Contact recorded". Only these
 * words are ever shown, so nothing a user typed travels with the redirect.
 */
export const SAVED = {
  contact: 'Contact recorded',
  release: 'Release recorded',
  recall: 'Recall to custody recorded',
  releaseDate: 'Expected release date changed',
  extension: 'Support extended',
  closure: 'Episode of care closed',
  reopened: 'Episode of care reopened',
  episodeOpened: 'Episode of care opened',
  consultationDeclined: 'Consultation meeting recorded: support not offered',
  goal: 'Goal added to the support plan',
  planAction: 'Action added to the support plan',
  planActionUpdated: 'Support plan action updated',
  planReview: 'Support plan review recorded',
  assessmentStarted: 'Assessment started',
  assessmentSaved: 'Assessment saved',
  assessmentCompleted: 'Assessment completed',
  formulation: 'Formulation saved',
  releasePlan: 'Release plan saved',
  handoverRequested: 'Handover requested',
  handoverAnswered: 'Handover answered',
  handoverWithdrawn: 'Handover withdrawn',
  networkMember: 'Added to the professionals around them',
  networkMemberEnded: 'Professional’s involvement ended',
  partnerNote: 'Partner note recorded',
  sharing: 'Information sharing recorded',
  consent: 'Consent to share recorded',
  meeting: 'Meeting recorded',
  meetingAction: 'Action updated',
  linkage: 'Links after release saved',
  measure: 'Wellbeing measure recorded',
  answer: 'Answer sent to the team',
  screening: 'Screening decision saved',
  restriction: 'Need-to-know restriction saved',
  accessGrant: 'Access granted',
  accessRevoked: 'Access removed',
  caseStudy: 'Your changes to the case study were saved',
} as const satisfies Record<string, string>;
export type SavedWhat = keyof typeof SAVED;
