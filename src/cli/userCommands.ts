import { createInterface } from 'node:readline';
import { SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { createUser } from '../auth/accounts.ts';
import { issueApiToken } from '../auth/apiTokens.ts';
import { findUserByEmail } from '../auth/userRepository.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { ValidationFailed } from '../http/errors.ts';
import { openForCli } from './openForCli.ts';

async function readPasswordLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line.replace(/\r$/, '');
  }
  return '';
}

type Values = Record<string, string | string[] | boolean | undefined>;

export async function addUserCommand(values: Values): Promise<number> {
  const password = await readPasswordLine();
  const opened = await openForCli();
  try {
    const user = await createUser(
      opened.services.db,
      opened.services.sites,
      {
        email: String(values.email ?? ''),
        name: String(values.name ?? ''),
        role: String(values.role ?? '') as never,
        siteCodes: (values.site as string[] | undefined) ?? [],
        ...(typeof values.organisation === 'string' ? { organisation: values.organisation } : {}),
        password,
      },
      { id: null, label: 'cli: reconnect user add' },
      new Date(),
    );
    console.log(`Created ${user.role} ${user.email}`);
    return 0;
  } catch (error) {
    if (error instanceof ValidationFailed) {
      for (const e of error.errors) console.error(`${e.field}: ${e.message}`);
      return 1;
    }
    throw error;
  } finally {
    await opened.close();
  }
}

export async function tokenCreateCommand(values: Values): Promise<number> {
  const opened = await openForCli();
  try {
    const { db } = opened.services;
    const user = await findUserByEmail(db, String(values.email ?? ''));
    if (!user || user.disabledAt) {
      console.error('No active user with that email');
      return 1;
    }
    const now = new Date();
    const { token } = await db.transaction(async (tx) => {
      const issued = await issueApiToken(tx, user.id, now);
      await recordAudit(
        tx,
        {
          ...{ actor: SYSTEM_ACTOR },
          action: 'api_token.created',
          recordType: 'user',
          recordId: user.id,
          details: { tokenId: issued.id },
        },
        now,
      );
      return issued;
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
