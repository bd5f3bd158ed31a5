// Opens the configured database for a command: the PGlite directory is locked for the command's life.
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { lockDataDir, type DataDirLock } from '../db/dataDirLock.ts';
import { buildServices, type Services } from '../services.ts';
import { migrate } from '../db/migrate.ts';
import { useAuditChainKey } from '../audit/chainKey.ts';

export interface Opened {
  config: Config;
  database: Database;
  services: Services;
  close(): Promise<void>;
}
export type OpenedRaw = Omit<Opened, 'services'>;

/**
 * The database only, migrated, with nothing loaded into it (for restore, which needs it empty). It connects
 * as the owner when MIGRATION_DATABASE_URL is set: a restore writes what the app's role may not.
 */
export async function openRawForCli(): Promise<OpenedRaw> {
  const config = loadConfig();
  useAuditChainKey(config.auditChainKey);
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({
      databaseUrl: config.migrationDatabaseUrl ?? config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
    });
    await migrate(database.db);
    return {
      config,
      database,
      close: async () => {
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export async function openForCli(): Promise<Opened> {
  const config = loadConfig();
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) lock = lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
    });
    const services = await buildServices(database, config);
    let closed = false;
    return {
      config,
      database,
      services,
      async close() {
        if (closed) return;
        closed = true;
        await database.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
