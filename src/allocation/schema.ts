// zod input schemas of the allocation endpoints (docs/api/allocation.md).
import { z } from 'zod';

const uuid = z.uuid('Must be a user id from the API');

/**
 * The disciplines of the Enhanced RECONNECT team (seed 000: "Psychologists and Therapists, Occupational
 * Therapists, Nurses, Social Workers, Substance Use Workers, Psychiatrists, Speech and Language Therapists,
 * Support, Time and Recovery Workers, Peer Support Workers"), offered as suggestions: the role is free text.
 */
export const CO_WORKER_ROLE_SUGGESTIONS = [
  'psychologist',
  'therapist',
  'mental health nurse',
  'occupational therapist',
  'social worker',
  'substance use worker',
  'psychiatrist',
  'speech and language therapist',
  'support, time and recovery worker',
  'peer support worker',
] as const;

export const allocationSchema = z.object({
  leadWorkerId: z.union([uuid, z.null()], { error: 'Must be a user id, or null to leave the episode unallocated' }),
});
export type AllocationBody = z.output<typeof allocationSchema>;

export const coWorkerSchema = z.object({
  userId: uuid,
  role: z
    .string({ error: 'Enter the part they play, like psychologist' })
    .trim()
    .min(1, 'Enter the part they play, like psychologist')
    .max(100, 'Must be 100 characters or fewer'),
});
export type CoWorkerBody = z.output<typeof coWorkerSchema>;

export const teamQuerySchema = z.object({ site: z.string().max(100).optional() });
