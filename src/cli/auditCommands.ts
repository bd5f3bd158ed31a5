import { readFileSync, writeFileSync } from 'node:fs';
import { verifyAuditChain, type AnchoredHead } from '../audit/chain.ts';
import { createAnchor, readAnchor } from '../audit/anchor.ts';
import { openForCli, type Opened } from './openForCli.ts';

function warnIfDevelopmentKey(opened: Opened): void {
  if (opened.config.auditChainKeyIsDevelopment)
    console.error(
      'Note: the audit chain is keyed with the published development key (set AUDIT_CHAIN_KEY outside development).',
    );
}

/**
 * API.md: exit 0 and `ok N events` when whole; exit 1 naming the first broken event otherwise. With
 * `--anchor FILE`, also exit 1 when the history before that anchor changed.
 */
export async function auditVerifyCommand(options: { anchor?: string | undefined } = {}): Promise<number> {
  let anchorText: string | undefined;
  if (options.anchor) {
    try {
      anchorText = readFileSync(options.anchor, 'utf8');
    } catch {
      console.error(`Cannot read the anchor file ${options.anchor}`);
      return 2;
    }
  }
  const opened = await openForCli();
  try {
    warnIfDevelopmentKey(opened);
    let anchor: AnchoredHead | undefined;
    if (anchorText !== undefined) {
      const read = readAnchor(anchorText);
      if (!read.ok) {
        console.log(`broken: ${read.problem}`);
        return 1;
      }
      anchor = read.head;
    }
    const verdict = await verifyAuditChain(opened.services.db, { anchor });
    if (verdict.ok) {
      console.log(`ok ${verdict.count} events`);
      return 0;
    }
    const where = verdict.brokenEventId === null ? 'broken' : `broken at event ${verdict.brokenEventId}`;
    console.log(`${where}: ${verdict.problem} (${verdict.count} events before it verified)`);
    return 1;
  } finally {
    await opened.close();
  }
}

/** Prints (or writes to FILE) the signed head of a whole chain; refuses a broken chain (exit 1). */
export async function auditAnchorCommand(options: { out?: string | undefined }): Promise<number> {
  const opened = await openForCli();
  try {
    warnIfDevelopmentKey(opened);
    const made = await createAnchor(opened.services.db, new Date());
    if (!made.ok) {
      const where = made.brokenEventId === null ? 'broken' : `broken at event ${made.brokenEventId}`;
      console.error(`Not anchored: the chain is ${where}: ${made.problem}`);
      return 1;
    }
    const text = `${JSON.stringify(made.anchor, null, 2)}\n`;
    if (options.out) {
      writeFileSync(options.out, text, { flag: 'wx' });
      console.log(`anchored ${made.anchor.count} events, head ${made.anchor.headHash}, written to ${options.out}`);
    } else {
      process.stdout.write(text);
    }
    return 0;
  } finally {
    await opened.close();
  }
}
