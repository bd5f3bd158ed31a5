// What the care pages share: the episode's header above each part, and refusals as page messages.
import type { Services } from '../services.ts';
import type { Tx } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { HttpError, type FieldError } from '../http/errors.ts';
import { str, type Posted } from '../web/formFields.ts';
import { STATUS_TEXT, canWorkAt, referralNames } from '../episodes/episodeDisplay.ts';

export type IdParams = { Params: { id: string } };

export interface PageMessage {
  status: number;
  text: string;
}

/** What every care page shows above its part: who, where, the episode's status, and whether the viewer may change it. */
export async function episodeHeader(services: Services, tx: Tx, viewer: Viewer, id: string) {
  const episode = await services.episodes.read(tx, viewer, id);
  const person = (await referralNames(tx, viewer, [episode.referralId])).get(episode.referralId);
  return {
    episode,
    person,
    statusText: STATUS_TEXT[episode.status],
    siteName: services.sites.get(episode.site)?.name ?? episode.site,
    canChange: canWorkAt(viewer, episode.site) && episode.status !== 'closed',
    closed: episode.status === 'closed',
  };
}

/** A refused change as the page's message: 412 says someone else changed it; 409 gives the service's reason; 400 its fields. */
export function refusal(error: unknown, what: string): { message?: PageMessage; errors?: FieldError[] } {
  if (!(error instanceof HttpError)) throw error;
  if (error.statusCode === 412)
    return {
      message: {
        status: 412,
        text: `Someone else changed ${what} after you opened it, so your change was not saved. Check it below, then try again.`,
      },
    };
  if (error.statusCode === 409) return { message: { status: 409, text: error.message } };
  if (error.statusCode === 400) return { errors: error.errors };
  throw error;
}

export const versionFrom = (posted: Posted, key = 'version'): number => {
  const n = Number(str(posted, key));
  return Number.isInteger(n) && n >= 0 ? n : -1;
};
