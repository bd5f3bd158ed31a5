// The assessment, formulation and support plan pages of an episode (issue "Assessment, formulation and
// plan"), each a part of the episode's navigation. Every change goes through the same service calls as
// the JSON API; the pages only turn form fields into the API's bodies (forms.ts, assessmentForms.ts) and
// the services' refusals into NHS error summaries.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { registerAssessmentPages } from './assessmentPages.ts';
import { registerFormulationPages } from './formulationPages.ts';
import { registerPlanPages } from './planPages.ts';

export function registerCarePages(app: FastifyInstance, services: Services): void {
  registerAssessmentPages(app, services);
  registerFormulationPages(app, services);
  registerPlanPages(app, services);
}
