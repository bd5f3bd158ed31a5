// The assessment, formulation and support plan pages of an episode (issue "Assessment, formulation and
// plan"), each a part of the episode's navigation. Every change goes through the care service (the same
// calls as the JSON API); these files only turn form fields into the API's bodies and the service's
// refusals into NHS error summaries.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import type { CareService } from './careService.ts';
import { registerAssessmentPages } from './assessmentPages.ts';
import { registerFormulationPages } from './formulationPages.ts';
import { registerPlanPages } from './planPages.ts';

export function registerCarePages(app: FastifyInstance, services: Services, care: CareService): void {
  registerAssessmentPages(app, services, care);
  registerFormulationPages(app, services, care);
  registerPlanPages(app, services, care);
}
