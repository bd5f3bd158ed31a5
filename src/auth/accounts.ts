// Creating users: used by `reconnect user add`, the demo data and the tests.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { ROLES, type Role } from '../access/viewer.ts';
import { recordAudit, type AuditActor } from '../audit/auditLog.ts';
import { parseOrThrow } from '../http/validation.ts';
import { ValidationFailed } from '../http/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { findUserByEmail, insertUser } from './userRepository.ts';
import { isCommonPassword } from './commonPasswords.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';

export const newUserSchema = z.object({
  email: z.email('Enter an email address like name@example.nhs.uk').max(320),
  name: z.string().trim().min(1, 'Enter a name').max(200),
  role: z.enum(ROLES, { message: `Role must be one of ${ROLES.join(', ')}` }),
  siteCodes: z.array(z.string()).default([]),
  organisation: z.string().trim().max(200).optional(),
  // ASVS 5.0 V6.2: at least 12 characters, no composition rules, no forced rotation.
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(256),
});

export type NewUserInput = z.input<typeof newUserSchema>;

export async function createUser(
  db: Db,
  sites: SiteCatalogue,
  input: NewUserInput,
  actor: AuditActor,
  now: Date,
): Promise<{ id: string; email: string; role: Role }> {
  const user = parseOrThrow(newUserSchema, input);
  if (isCommonPassword(user.password, user)) {
    throw new ValidationFailed([
      {
        field: 'password',
        message: 'Choose a password that is harder to guess: not a common password, and not your name or email address',
      },
    ]);
  }
  const unknown = user.siteCodes.filter((code) => !sites.get(code));
  if (unknown.length) throw new ValidationFailed([{ field: 'site', message: `Unknown site: ${unknown.join(', ')}` }]);
  if (await findUserByEmail(db, user.email))
    throw new ValidationFailed([{ field: 'email', message: 'A user with this email already exists' }]);
  const passwordHash = await hashPassword(user.password);
  const id = await db.transaction(async (tx) => {
    const newId = await insertUser(tx, { ...user, organisation: user.organisation ?? null, passwordHash }, now);
    await recordAudit(
      tx,
      {
        actor,
        action: 'user.created',
        recordType: 'user',
        recordId: newId,
        details: { email: user.email, role: user.role, sites: user.siteCodes, organisation: user.organisation },
      },
      now,
    );
    return newId;
  });
  return { id, email: user.email, role: user.role };
}
