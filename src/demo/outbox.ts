// Demo data for the email outbox: one digest run over the demo's worklist, so the Email outbox page and
// the managers' and lead workers' notifications have something in them. Running it again adds nothing.
import type { Services } from '../services.ts';
import { siteWorklist } from '../worklist/index.ts';
import { runDigest, type DigestRun } from './digest.ts';

export async function seedOutboxDemo(services: Services): Promise<DigestRun> {
  const { publicUrl } = services.config.email;
  return runDigest(services.db, services.clock(), {
    sites: services.sites,
    worklist: siteWorklist,
    publicUrl,
    messageDomain: new URL(publicUrl).hostname,
  });
}
