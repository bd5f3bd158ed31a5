import { existsSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { backup, restore, type Progress } from '../backup/backup.ts';
import { verifyAuditChain } from '../audit/chain.ts';
import { openForCli, openRawForCli } from './openForCli.ts';

function progressBar(label: string): Progress {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} rows`, stream: process.stderr, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  return {
    start: (n) => {
      total = n;
      bar.start(n, 0);
    },
    increment: (by) => {
      if (total === 0) bar.setTotal(bar.getTotal() + by);
      bar.increment(by);
    },
    stop: () => {
      bar.stop();
    },
  };
}

export async function backupCommand(file: string | undefined): Promise<number> {
  if (!file) {
    console.error('Usage: reconnect backup FILE');
    return 2;
  }
  const opened = await openForCli();
  try {
    const counts = await backup(opened.services.db, file, progressBar('Backing up'));
    console.log(
      `Backed up ${Object.values(counts).reduce((a, b) => a + b, 0)} rows from ${Object.keys(counts).length} tables to ${file}`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}

export async function restoreCommand(file: string | undefined): Promise<number> {
  if (!file) {
    console.error('Usage: reconnect restore FILE');
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`No such file: ${file}`);
    return 1;
  }
  const opened = await openRawForCli();
  try {
    const counts = await restore(opened.database.db, file, progressBar('Restoring'));
    const verdict = await verifyAuditChain(opened.database.db);
    console.log(
      `Restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows; audit chain ${verdict.ok ? `ok (${verdict.count} events)` : `BROKEN at event ${verdict.brokenEventId}`}`,
    );
    return verdict.ok ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await opened.close();
  }
}
