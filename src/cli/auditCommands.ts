import { verifyAuditChain } from '../audit/auditLog.ts';
import { openForCli } from './openForCli.ts';

/** API.md: exit 0 and `ok N events` when whole; exit 1 naming the first broken event otherwise. */
export async function auditVerifyCommand(): Promise<number> {
  const opened = await openForCli();
  try {
    const verdict = await verifyAuditChain(opened.services.db);
    if (verdict.ok) {
      console.log(`ok ${verdict.count} events`);
      return 0;
    }
    console.log(
      `broken at event ${verdict.brokenEventId}: ${verdict.problem} (${verdict.count} events before it verified)`,
    );
    return 1;
  } finally {
    await opened.close();
  }
}
