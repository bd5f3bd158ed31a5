// Messages between bench/run.ts and the server process it forks (bench/server.ts).
import type { Loaded } from './seed.ts';
import type { LoadedEpisodes } from './seedEpisodes.ts';
import type { LoadedChronologies } from './seedChronology.ts';
import type { ProfileReport } from './profile.ts';
import type { StatementCounts } from './statements.ts';

/** Which data set the server loaded (or re-used). */
export interface Dataset {
  scale: '10k' | 'national';
  factor: number;
  reused: boolean;
  sites: number;
}

export type ToServer = { type: 'reset' } | { type: 'report' } | { type: 'stop' };

export type FromServer =
  | {
      type: 'ready';
      port: number;
      referrerToken: string;
      practitionerToken: string;
      commissionerToken: string;
      researcherToken: string;
      practitioner: { email: string; password: string; sites: string[] };
      loaded: Loaded;
      episodes: LoadedEpisodes;
      chronologies: LoadedChronologies;
      profiling: boolean;
      dataset: Dataset;
    }
  | { type: 'reset-done' }
  | {
      type: 'report';
      cpuMs: number;
      cpuPercent: number;
      eventLoopUtilisation: number;
      statements: StatementCounts;
      /** Responses the server finished since the reset (the report waits for those in flight). */
      responses: number;
      profile?: ProfileReport;
    };
