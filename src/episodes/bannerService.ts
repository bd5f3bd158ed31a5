// Who a record page is about (issue 10, "a person banner (name, NHS number, date of birth, status) on every
// page of a record"): read as the viewer through the same need-to-know scopes as the page itself (a record
// they may not see gives no banner), never audited on its own (the page's own read is), and presented by
// people/presenter.ts. The person is as their referral names them; the status is the episode's on an
// episode's pages, the referral's on a referral's, and the newest record's on the person's own pages.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { presentPersonBanner, type PersonBanner } from '../people/presenter.ts';
import { say } from '../web/vocabulary.ts';
import { STATUS_TEXT, type EpisodeView } from './presenter.ts';

/** What the banner needs of a referral (referrals/repository.ts findVisibleReferral). */
export interface BannerReferral {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  details: unknown;
  status: string;
  submittedBy: string;
}

export interface BannerDeps {
  findReferral(db: Queryable, viewer: Viewer, id: string): Promise<BannerReferral | undefined>;
  /** The episode and the person its referral names, read together (episodes/service.ts banner). */
  findEpisode(
    db: Queryable,
    viewer: Viewer,
    id: string,
  ): Promise<{ episode: EpisodeView; person: Parameters<typeof presentPersonBanner>[0] } | undefined>;
  /** The person's episodes the viewer may see, newest first (referrals/repository.ts visibleEpisodesOfPerson). */
  episodesOfPerson(db: Queryable, viewer: Viewer, personId: string): Promise<readonly { id: string }[]>;
  /** The person's referrals the viewer may see but one, newest first (otherVisibleReferralsOfPerson). */
  referralsOfPerson(
    db: Queryable,
    viewer: Viewer,
    personId: string,
    exceptId: string,
  ): Promise<readonly { id: string }[]>;
}

/** No referral has it: "every referral but none". */
const NO_REFERRAL = '00000000-0000-0000-0000-000000000000';

const REFERRAL_STATUS: Readonly<Record<string, string>> = {
  awaiting_screening: 'Awaiting screening',
  information_requested: 'Waiting for the referrer',
  accepted: 'Accepted',
  declined: 'Declined',
};

const nhsNumberOf = (r: BannerReferral): string | null => {
  const sent = (r.details as { person?: { nhsNumber?: string | null } } | null)?.person;
  return sent?.nhsNumber ?? null;
};

/** The referral's status as its reader says it: the referrer is asked a question, the team waits for them. */
function referralStatus(viewer: Viewer, r: BannerReferral): string {
  if (r.status === 'information_requested' && r.submittedBy === viewer.id) return 'More information needed';
  return REFERRAL_STATUS[r.status] ?? say(r.status);
}

export function createPersonBannerService(deps: BannerDeps) {
  const { findReferral, findEpisode } = deps;
  const banners = {
    async ofReferral(db: Queryable, viewer: Viewer, id: string): Promise<PersonBanner | undefined> {
      const referral = await findReferral(db, viewer, id);
      return referral
        ? presentPersonBanner({ ...referral, nhsNumber: nhsNumberOf(referral) }, referralStatus(viewer, referral))
        : undefined;
    },

    async ofEpisode(db: Queryable, viewer: Viewer, id: string): Promise<PersonBanner | undefined> {
      const found = await findEpisode(db, viewer, id);
      return found && presentPersonBanner(found.person, STATUS_TEXT[found.episode.status]);
    },

    /** A person's own pages (their chronology): as their newest record the viewer may see says it. */
    async ofPerson(db: Queryable, viewer: Viewer, personId: string): Promise<PersonBanner | undefined> {
      const [episode] = await deps.episodesOfPerson(db, viewer, personId);
      if (episode) return banners.ofEpisode(db, viewer, episode.id);
      const [referral] = await deps.referralsOfPerson(db, viewer, personId, NO_REFERRAL);
      return referral ? banners.ofReferral(db, viewer, referral.id) : undefined;
    },
  };
  return banners;
}

export type PersonBannerService = ReturnType<typeof createPersonBannerService>;
