// The worklist page's model for a long list: a page of "My items" or "Team" at a time with its place in the
// whole, and in "By rule" the first items of each rule with a link to all of them (a regional or national
// worklist can hold thousands of items; the counts are always of all of them).
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../access/viewer.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { worklistPageQuery } from './forms.ts';
import { GROUP_SHOWN, PAGE_SIZE, presentWorklistPage } from './presenter.ts';
import type { WorklistItem } from './types.ts';

const now = new Date('2026-12-01T10:00:00Z');
const viewer = { id: 'u1', role: 'manager', siteCodes: ['er-lancashire-cumbria'], asOf: now } as unknown as Viewer;
const sites = { all: () => [], get: () => undefined } as unknown as SiteCatalogue;

const items: WorklistItem[] = Array.from({ length: 120 }, (_, n) => ({
  rule: n < 100 ? 'no_recent_contact' : 'gp_not_registered',
  severity: n < 100 ? 'medium' : 'high',
  message: `Item ${n}`,
  link: `/episodes/${n}`,
  dueAt: new Date(now.getTime() - n * 60_000),
  siteCode: 'er-lancashire-cumbria',
  referralId: `r${n}`,
  episodeId: `e${n}`,
  reference: `RC-${n}`,
  personName: `Person ${n}`,
}));

const model = (query: Record<string, string>, first = items.length) =>
  presentWorklistPage({
    viewer,
    view: (query.view ?? 'team') as 'team',
    items: items.slice(0, first),
    total: items.length,
    leads: new Map(),
    asOf: now,
    now,
    query: worklistPageQuery(query),
    sites,
  });

describe('the worklist page with many items', () => {
  it('shows a page at a time, with where it is in the whole and links to the pages either side', () => {
    const second = model({ view: 'team', page: '2' });
    expect(second.count).toBe(120);
    expect(second.items.map((i) => i.message)).toEqual(items.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((i) => i.message));
    expect(second.showing).toEqual({ from: 51, to: 100, of: 120 });
    expect(second.previous?.href).toContain('page=1');
    expect(second.next).toMatchObject({ text: 'Next', labelText: 'Page 3 of 3' });
    expect(model({ view: 'team', page: '99' }).items).toHaveLength(20); // past the end: the last page
    expect(model({ view: 'team', page: 'x' }).showing).toMatchObject({ from: 1 });
  });

  it('shows a page from the items up to it alone, counted and linked from how many there are', () => {
    const second = model({ view: 'team', page: '2' }, 2 * PAGE_SIZE);
    expect(second.count).toBe(120);
    expect(second.items.map((i) => i.message)).toEqual(items.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((i) => i.message));
    expect(second.showing).toEqual({ from: 51, to: 100, of: 120 });
    expect(second.next).toMatchObject({ text: 'Next', labelText: 'Page 3 of 3' });
  });

  it('shows the first items of each rule by rule, counted in full, with a link to all of them', () => {
    const byRule = model({ view: 'rule' });
    const contact = byRule.groups.find((g) => g.rule === 'no_recent_contact');
    expect(contact).toMatchObject({ count: 100 });
    expect(contact?.items).toHaveLength(GROUP_SHOWN);
    expect(contact?.seeAll).toContain('rule=no_recent_contact');
    expect(contact?.seeAll).toContain('view=team');
    expect(byRule.groups.find((g) => g.rule === 'gp_not_registered')?.seeAll).toContain('rule=gp_not_registered');
  });

  it('names the rule it shows alone, with a way back to every rule', () => {
    const one = model({ view: 'team', rule: 'no_recent_contact' });
    expect(one.ruleShown).toBe('No recent contact');
    expect(one.everyRule).not.toContain('rule=');
  });
});
