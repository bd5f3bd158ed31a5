// `npx reconnect evaluation extract --out FILE [--from DATE] [--to DATE]` (API.md "Evaluation extract"): the
// same extract as the API, written to a new file with a progress bar, its k-anonymity check printed first, and
// audited like every other extract (the actor is the command line and the operating-system user who ran it).
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { userInfo } from 'node:os';
import cliProgress from 'cli-progress';
import { parseOrThrow } from '../http/validation.ts';
import { HttpError } from '../http/errors.ts';
import { extractQuerySchema } from '../evaluation/schema.ts';
import { QUASI_IDENTIFIERS } from '../evaluation/kAnonymity.ts';
import { DICTIONARY_VERSION } from '../evaluation/dictionary.ts';
import { openForCli } from './openForCli.ts';

export async function evaluationExtractCommand(options: { out?: string; from?: string; to?: string }): Promise<number> {
  if (!options.out) {
    console.error('Usage: reconnect evaluation extract --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]');
    return 2;
  }
  if (existsSync(options.out)) {
    console.error(`${options.out} already exists: give a new file`);
    return 1;
  }
  let range;
  try {
    range = parseOrThrow(extractQuerySchema, { from: options.from, to: options.to });
  } catch (error) {
    if (error instanceof HttpError) {
      for (const e of error.errors) console.error(`--${e.field}: ${e.message}`);
      return 2;
    }
    throw error;
  }
  const opened = await openForCli();
  try {
    const { db, evaluation } = opened.services;
    const who = { cli: `cli: reconnect evaluation extract (${userInfo().username})` };
    const check = await evaluation.beginExtract(db, who, range, 'cli');
    const quasi = QUASI_IDENTIFIERS.join(', ');
    if (check.passes)
      console.error(
        `k-anonymity (k=${String(check.k)}) over ${quasi}: every combination is shared by at least ${String(check.k)} episodes` +
          (check.smallestClass === null ? '' : ` (smallest ${String(check.smallestClass)})`),
      );
    else
      console.error(
        `WARNING: k-anonymity (k=${String(check.k)}) over ${quasi}: ${String(check.underK.length)} of ${String(check.classes)} ` +
          `combinations are shared by fewer than ${String(check.k)} episodes (smallest ${String(check.smallestClass)}). ` +
          'Keep the file in the secure environment and group or suppress them before publishing anything from it.',
      );
    const bar = new cliProgress.SingleBar(
      { format: 'Extracting [{bar}] {value}/{total} episodes', stream: process.stderr, noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(check.rows, 0);
    const out = createWriteStream(options.out, { flags: 'wx', mode: 0o600 });
    let written = 0;
    for await (const chunk of evaluation.csvChunks(db, range)) {
      if (!out.write(chunk.text)) await once(out, 'drain');
      written += chunk.rows;
      bar.update(written);
    }
    out.end();
    await once(out, 'finish');
    bar.stop();
    console.log(`Wrote ${String(written)} episodes to ${options.out} (data dictionary version ${DICTIONARY_VERSION})`);
    return 0;
  } finally {
    await opened.close();
  }
}
