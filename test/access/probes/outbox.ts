import type { ProbeModule } from './probe.ts';

export const probeModule: ProbeModule = {
  probes: () => [],
  notRecordRoutes: [],
};
