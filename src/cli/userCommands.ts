import { createInterface } from 'node:readline';
import { createUser } from '../auth/accounts.ts';
import { issueApiToken, presentApiToken, revokeAllApiTokens, revokeApiToken } from '../auth/apiTokens.ts';
import { findApiToken, tokensWithEmail } from '../auth/apiTokenRepository.ts';
import { expiryFor, parseTokenDays, parseTokenName } from '../auth/apiTokenRules.ts';
import { isUuid } from '../http/ids.ts';
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
  const now = new Date();
  const name = parseTokenName(typeof values.name === 'string' ? values.name : undefined, now);
  const days = parseTokenDays(typeof values['expires-in-days'] === 'string' ? values['expires-in-days'] : undefined);
  if (typeof name !== 'string' || typeof days !== 'number') {
    if (typeof name !== 'string') console.error(`name: ${name.error}`);
    if (typeof days !== 'number') console.error(`expires-in-days: ${days.error}`);
    return 1;
  }
  const opened = await openForCli();
  try {
    const { db } = opened.services;
    const user = await findUserByEmail(db, String(values.email ?? ''));
    if (!user || user.disabledAt) {
      console.error('No active user with that email');
      return 1;
    }
    const { token } = await db.transaction(async (tx) => {
      const issued = await issueApiToken(tx, user.id, now, { name, expiresAt: expiryFor(now, days) });
      await recordAudit(
        tx,
        {
          actor: { id: null, label: 'cli: reconnect token create' },
          action: 'api_token.created',
          recordType: 'user',
          recordId: user.id,
          details: { tokenId: issued.id, name, expiresAt: issued.expiresAt.toISOString() },
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

const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never');

/** Every token (or one user's): id, user, name, created, expires, last used, status. Never a secret. */
export async function tokenListCommand(values: Values): Promise<number> {
  const opened = await openForCli();
  try {
    const { db } = opened.services;
    let userId: string | undefined;
    if (typeof values.email === 'string') {
      const user = await findUserByEmail(db, values.email);
      if (!user) {
        console.error('No user with that email');
        return 1;
      }
      userId = user.id;
    }
    const now = new Date();
    const rows = await tokensWithEmail(db, userId);
    const lines = [['id', 'user', 'name', 'created', 'expires', 'last used', 'status']];
    for (const row of rows) {
      const token = presentApiToken(row, now);
      lines.push([
        token.id,
        row.email,
        token.name,
        when(token.createdAt),
        when(token.expiresAt),
        when(token.lastUsedAt),
        token.status === 'revoked' ? `revoked ${when(token.revokedAt)}` : token.status,
      ]);
    }
    process.stdout.write(lines.map((l) => l.join('\t')).join('\n') + '\n');
    return 0;
  } finally {
    await opened.close();
  }
}

/** Revokes tokens by id (`token revoke ID…`), or every token of a user (`token revoke --email E`). */
export async function tokenRevokeCommand(values: Values, ids: string[]): Promise<number> {
  const email = typeof values.email === 'string' ? values.email : undefined;
  if (!email && !ids.length) {
    console.error(
      'Name the tokens to revoke by id (see `reconnect token list`), or give --email to revoke all of a user’s',
    );
    return 2;
  }
  const bad = ids.find((id) => !isUuid(id));
  if (bad) {
    console.error(`No token with id ${bad}`);
    return 1;
  }
  const opened = await openForCli();
  try {
    const { db } = opened.services;
    const now = new Date();
    const actor = { id: null, label: 'cli: reconnect token revoke' };
    return await db.transaction(async (tx) => {
      const revoked: { id: string; userId: string }[] = [];
      if (email) {
        const user = await findUserByEmail(tx, email);
        if (!user) {
          console.error('No user with that email');
          return 1;
        }
        for (const id of await revokeAllApiTokens(tx, user.id, 'revoked', now)) revoked.push({ id, userId: user.id });
      }
      for (const id of ids) {
        const token = await findApiToken(tx, id);
        if (!token) {
          console.error(`No token with id ${id}`);
          throw new NothingDone();
        }
        if (await revokeApiToken(tx, token.userId, id, now)) revoked.push({ id, userId: token.userId });
      }
      for (const r of revoked)
        await recordAudit(
          tx,
          { actor, action: 'api_token.revoked', recordType: 'user', recordId: r.userId, details: { tokenId: r.id } },
          now,
        );
      console.log(`Revoked ${revoked.length} token${revoked.length === 1 ? '' : 's'}`);
      return 0;
    });
  } catch (error) {
    if (error instanceof NothingDone) return 1;
    throw error;
  } finally {
    await opened.close();
  }
}

/** Rolls a command's transaction back after it has said why. */
class NothingDone extends Error {}
