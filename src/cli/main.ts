// The command line of API.md: start, serve, user add, token create (and list, revoke), audit verify.
import { parseArgs } from 'node:util';
import { serve } from './serve.ts';
import { addUserCommand, tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './userCommands.ts';
import { auditAnchorCommand, auditVerifyCommand } from './auditCommands.ts';
import { backupCommand, restoreCommand } from './backupCommands.ts';
import { evaluationExtractCommand } from './evaluationCommands.ts';

const USAGE = `Usage:
  reconnect start                 serve with demo data (an empty database gets demo users and cases)
  reconnect serve                 migrate, load the built-in sites, serve
  reconnect user add --email E --name N --role ROLE [--site CODE]... [--organisation ORG]
                                  create a user; the password is read from standard input
  reconnect token create --email E [--name NAME] [--expires-in-days DAYS]
                                  print a new API bearer token for that user (90 days unless told)
  reconnect token list [--email E]
                                  every token (or one user's): id, user, name, created, expires, last used
  reconnect token revoke ID... | --email E
                                  revoke tokens by id, or all of a user's
  reconnect audit verify [--anchor FILE]
                                  check the audit trail's keyed hash chain (and that the history before
                                  an anchor is unchanged)
  reconnect audit anchor [--out FILE]
                                  print (or write to a new FILE) the chain's signed head, to keep
                                  outside the database
  reconnect backup FILE           a consistent backup of everything (portable between databases)
  reconnect restore FILE          restore a backup into an empty database
  reconnect evaluation extract --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                  write the evaluation's pseudonymised extract (episodes opened in the
                                  range) to a new FILE, after its k-anonymity check; audited`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'start':
      await serve({ demo: true });
      return -1;
    case 'serve':
      await serve({ demo: false });
      return -1;
    case 'user':
      if (sub !== 'add') break;
      return addUserCommand(
        parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string' },
            site: { type: 'string', multiple: true },
            organisation: { type: 'string' },
          },
        }).values,
      );
    case 'token':
      if (sub === 'create')
        return tokenCreateCommand(
          parseArgs({
            args: rest,
            options: { email: { type: 'string' }, name: { type: 'string' }, 'expires-in-days': { type: 'string' } },
          }).values,
        );
      if (sub === 'list')
        return tokenListCommand(parseArgs({ args: rest, options: { email: { type: 'string' } } }).values);
      if (sub === 'revoke') {
        const parsed = parseArgs({ args: rest, options: { email: { type: 'string' } }, allowPositionals: true });
        return tokenRevokeCommand(parsed.values, parsed.positionals);
      }
      break;
    case 'audit':
      if (sub === 'verify')
        return auditVerifyCommand(parseArgs({ args: rest, options: { anchor: { type: 'string' } } }).values);
      if (sub === 'anchor')
        return auditAnchorCommand(parseArgs({ args: rest, options: { out: { type: 'string' } } }).values);
      break;
    case 'evaluation':
      if (sub === 'extract')
        return evaluationExtractCommand(
          parseArgs({
            args: rest,
            options: { out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
          }).values,
        );
      break;
    case 'backup':
      return backupCommand(sub);
    case 'restore':
      return restoreCommand(sub);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return 0;
  }
  console.error(`Unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
