// The shape of a need-to-know probe (see ../needToKnow.test.ts), shared by each module's probe list.
import type { TestApp, TestUser } from '../../support/testApp.ts';

/** What a probe may use: the restricted record and its episode, created before any probe runs. */
export interface ProbeIds {
  site: string;
  restrictedReferralId: string;
  restrictedReference: string;
  restrictedEpisodeId: string;
  /** The restricted person's record id (the chronology is read by person). */
  restrictedPersonId: string;
  openReferralId: string;
  /** The restricted person's identifiers and date of birth, for probes that name them exactly. */
  restrictedPerson: { dateOfBirth: string; nhsNumber: string; prisonNumber: string; crn: string };
}

/** `echoes`: secrets the caller itself sent in the probe, which the response may repeat back (read when it runs). */
export interface Probe {
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: () => string;
  payload?: () => object;
  page?: boolean;
  echoes?: string[] | (() => string[]);
  /** The team's clinical record: what a referrer must never find in the response, even for their own referral. */
  teamOnly?: () => string[];
}

export interface ProbeModule {
  probes(ids: () => ProbeIds): Probe[];
  /** Routes with no record in them, or that only ever show the caller their own things. */
  notRecordRoutes: string[];
  /** Records of the module's own about the restricted episode, made by its site's manager before any probe runs. */
  prepare?(t: TestApp, ids: ProbeIds, manager: TestUser): Promise<void>;
}
