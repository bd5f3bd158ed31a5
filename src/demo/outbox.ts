// Demo data for the email outbox: one digest run over the demo's worklist, so the Email outbox page and
// the managers' and lead workers' notifications have something in them. Running it again adds nothing.
import type { Services } from '../services.ts';

export async function seedOutboxDemo(services: Pick<Services, 'db' | 'clock' | 'config' | 'digest'>) {
  const { publicUrl } = services.config.email;
  return services.digest.run(services.db, services.clock(), { publicUrl, messageDomain: new URL(publicUrl).hostname });
}
