// The care service: an episode's assessment, formulation and support plan (issue "Assessment,
// formulation and plan"). Each verb takes the transaction it runs in; the routes open it.
import type { Core } from '../core.ts';
import { createCareGate } from './careGate.ts';
import { createAssessmentService } from './assessmentService.ts';
import { createFormulationService } from './formulationService.ts';
import { createPlanService } from './planService.ts';

export function createCareService(core: Pick<Core, 'sites' | 'clock'>) {
  const gate = createCareGate(core);
  return {
    gate,
    assessments: createAssessmentService(core, gate),
    formulations: createFormulationService(core, gate),
    plan: createPlanService(core, gate),
  };
}

export type CareService = ReturnType<typeof createCareService>;
