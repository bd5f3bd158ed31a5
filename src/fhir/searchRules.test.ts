// The facade's `_lastUpdated` and `_include` rules (FHIR R4 search.html#date, search.html#include), pure.
import { describe, expect, it } from 'vitest';
import { pageLinks, parseSearch, rangeOf, updatedWithin } from './rules.ts';

const at = (iso: string) => ({ resourceType: 'Task', meta: { lastUpdated: iso } });

describe('_lastUpdated', () => {
  it('reads a value’s precision as its range', () => {
    expect(rangeOf('2026-11-10')).toEqual({
      start: new Date('2026-11-10T00:00:00Z'),
      end: new Date('2026-11-11T00:00:00Z'),
    });
    expect(rangeOf('2026-11')?.end).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(rangeOf('2026')?.end).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(rangeOf('2026-11-10T09:30:00Z')?.end).toEqual(new Date('2026-11-10T09:30:01Z'));
    expect(rangeOf('2026-11-10T09:30+01:00')?.start).toEqual(new Date('2026-11-10T08:30:00Z'));
    for (const bad of ['2026-13-01', '2026-02-30', 'yesterday', '2026-11-10T09:30:00', ''])
      expect(rangeOf(bad), bad).toBeUndefined();
  });

  it('narrows by each prefix, and twice for a range', () => {
    const updated = (...values: string[]) => parseSearch('Task', { patient: 'x', _lastUpdated: values }).updated;
    expect(updated('ge2026-11-10')).toEqual({ from: new Date('2026-11-10T00:00:00Z') });
    expect(updated('gt2026-11-10')).toEqual({ from: new Date('2026-11-11T00:00:00Z') });
    expect(updated('le2026-11-10')).toEqual({ before: new Date('2026-11-11T00:00:00Z') });
    expect(updated('lt2026-11-10')).toEqual({ before: new Date('2026-11-10T00:00:00Z') });
    expect(updated('2026-11-10')).toEqual({
      from: new Date('2026-11-10T00:00:00Z'),
      before: new Date('2026-11-11T00:00:00Z'),
    });
    const range = updated('ge2026-11-01', 'lt2026-12-01');
    expect(updatedWithin(at('2026-11-30T23:59:59Z'), range)).toBe(true);
    expect(updatedWithin(at('2026-12-01T00:00:00Z'), range)).toBe(false);
    expect(updatedWithin(at('2026-10-31T23:59:59Z'), range)).toBe(false);
    expect(updatedWithin({ resourceType: 'Organization' }, range)).toBe(false);
    expect(updatedWithin({ resourceType: 'Organization' }, undefined)).toBe(true);
  });

  it('refuses what it cannot read, naming the type', () => {
    expect(() => parseSearch('Task', { _lastUpdated: 'ge-last-week' })).toThrow();
    expect(() => parseSearch('Task', { _lastUpdated: 'ne2026-11-10' })).toThrow();
  });
});

describe('_include', () => {
  it('takes only the includes the type offers, each once, and carries them into the next link', () => {
    expect(
      parseSearch('Observation', { _include: ['Observation:derived-from', 'Observation:derived-from'] }).include,
    ).toEqual(['Observation:derived-from']);
    expect(() => parseSearch('Observation', { _include: 'Observation:performer' })).toThrow();
    expect(() => parseSearch('Patient', { _include: 'Patient:organization' })).toThrow();
    const s = parseSearch('Task', {
      patient: 'p',
      _include: 'Task:focus',
      _lastUpdated: ['ge2026-11-01', 'lt2026-12-01'],
      _count: '2',
    });
    const next = new URL(pageLinks('https://x/fhir/R4/Task', s, 5).find((l) => l.relation === 'next')!.url);
    expect(next.searchParams.getAll('_include')).toEqual(['Task:focus']);
    expect(next.searchParams.getAll('_lastUpdated')).toEqual([
      'ge2026-11-01T00:00:00.000Z',
      'lt2026-12-01T00:00:00.000Z',
    ]);
    expect(next.searchParams.get('_offset')).toBe('2');
  });
});
