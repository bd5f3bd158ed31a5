// Merging a body into the release plan and the checks that need today (rules.ts), table-driven with
// their sources: API.md `PUT /api/v1/episodes/{id}/release-plan` ("every field optional, merged").
import { describe, expect, it } from 'vitest';
import { crossFieldErrors, mergePlan } from './rules.ts';
import type { ReleasePlanBody } from './schema.ts';
import type { ReleasePlan } from './types.ts';

const API = 'API.md PUT release-plan';

describe('mergePlan', () => {
  it.each<[string, ReleasePlan, ReleasePlanBody, ReleasePlan, string[]]>([
    [
      `${API}: an absent field stays`,
      { idAndMoney: true },
      { medicationOnRelease: true },
      { idAndMoney: true, medicationOnRelease: true },
      ['medicationOnRelease'],
    ],
    [
      `${API}: null removes a field`,
      { idAndMoney: true, contingencyPlan: 'x' },
      { contingencyPlan: null },
      { idAndMoney: true },
      ['contingencyPlan'],
    ],
    [
      `${API}: an object is replaced whole`,
      { gp: { registered: true, practice: 'Jubilee Surgery' } },
      { gp: { registered: false } },
      { gp: { registered: false } },
      ['gp'],
    ],
    [
      'the same values again change nothing, whatever order the stored keys are in (jsonb)',
      { destination: { localAuthority: 'Southampton', postcode: 'SO14 7AA' } },
      { destination: { postcode: 'SO14 7AA', localAuthority: 'Southampton' } },
      { destination: { localAuthority: 'Southampton', postcode: 'SO14 7AA' } },
      [],
    ],
    ['removing what is not there changes nothing', {}, { contingencyPlan: null }, {}, []],
  ])('%s', (_source, plan, body, next, changed) => {
    expect(mergePlan(plan, body)).toEqual({ next, changed });
  });
});

describe('crossFieldErrors', () => {
  const today = '2026-11-10';
  it.each<[string, ReleasePlanBody, string[]]>([
    [
      'issue "Release planning": a release date already passed is a release, not a plan',
      { expectedReleaseDate: '2026-11-09' },
      ['expectedReleaseDate'],
    ],
    [
      'a reason only comes with a new date',
      { releaseDateChangeReason: 'Parole adjourned' },
      ['releaseDateChangeReason'],
    ],
    [
      'a Duty to Refer is recorded once made',
      { accommodation: { status: 'none', dutyToReferDate: '2026-11-11' } },
      ['accommodation.dutyToReferDate'],
    ],
    [
      'no appointment when none is needed',
      { substanceMisuse: { needed: false, appointmentDate: '2026-12-01' } },
      ['substanceMisuse.appointmentDate'],
    ],
    [
      'no handover made when none is needed',
      { mentalHealthHandover: { needed: false, done: true } },
      ['mentalHealthHandover.done'],
    ],
    [
      'a date today with its reason is fine',
      { expectedReleaseDate: today, releaseDateChangeReason: 'Brought forward' },
      [],
    ],
  ])('%s', (_source, body, fields) => {
    expect(crossFieldErrors(body, today).map((e) => e.field)).toEqual(fields);
  });
});
