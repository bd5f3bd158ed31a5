// The one PostgreSQL schema, used by both drivers (PGlite embedded, node-postgres in production), one file
// per area in ./schema/. Migrations in ./migrations are generated from it (`npm run db:generate`) and applied
// on start.
export * from './schema/identity.ts';
export * from './schema/referrals.ts';
export * from './schema/trust.ts';
export * from './schema/episodes.ts';
export * from './schema/care.ts';
export * from './schema/safetyNet.ts';
export * from './schema/multiAgency.ts';
export * from './schema/outcomes.ts';
export * from './schema/caseStudies.ts';
