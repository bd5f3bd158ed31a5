// The named actions of the teams' own work, table by table: handing a person over (issues 4 and 5),
// allocation and the episode's team (issue "Allocation and caseload"), the worklist (issue "The safety-net
// worklist"), retention (Records Management Code of Practice 2023) and the email outbox. Each row is who
// asks, about what, and whether they may.
import { describe, expect, it } from 'vitest';
import { can } from '../policy.ts';
import type { Role, Viewer } from '../viewer.ts';
import { SITES } from '../../../test/support/factories.ts';

const HAMPSHIRE = SITES.hampshire;
const BIRMINGHAM = SITES.birmingham;

function viewer(role: Role, siteCodes: string[] = [], id = `${role}-1`): Viewer {
  return { id, email: `${id}@example.org`, name: id, role, organisation: null, siteCodes, asOf: new Date() };
}
const practitioner = viewer('practitioner', [HAMPSHIRE]);
const manager = viewer('manager', [HAMPSHIRE]);
const elsewhere = viewer('manager', [BIRMINGHAM]);
const referrer = viewer('referrer');
const admin = viewer('admin');
const commissioner = viewer('commissioner');

describe('handovers', () => {
  const sending = { fromSiteCode: HAMPSHIRE, toSiteCode: BIRMINGHAM, sending: true, receiving: false };
  const receiving = { ...sending, sending: false, receiving: true };
  it.each([
    ['a practitioner of the episode’s site asks', practitioner, true],
    ['its manager asks', manager, true],
    ['another site’s manager may not', elsewhere, false],
    ['a referrer may not', referrer, false],
  ])('request: %s', (_, who, allowed) => {
    expect(can(who, 'requestHandover', { siteCode: HAMPSHIRE })).toBe(allowed);
  });
  it.each([
    ['the receiving team answers', viewer('practitioner', [BIRMINGHAM]), receiving, true],
    ['the sending team may not answer its own request', practitioner, sending, false],
    ['a receiving-side viewer who no longer works there may not', viewer('practitioner', []), receiving, false],
  ])('decide: %s', (_, who, facts, allowed) => {
    expect(can(who, 'decideHandover', facts)).toBe(allowed);
  });
  it.each([
    ['the sending team withdraws', practitioner, sending, true],
    ['the receiving team may not', elsewhere, receiving, false],
  ])('withdraw: %s', (_, who, facts, allowed) => {
    expect(can(who, 'withdrawHandover', facts)).toBe(allowed);
  });
  it.each([
    ['a practitioner', practitioner, true],
    ['a manager of no site yet', viewer('manager'), true],
    ['a referrer may not', referrer, false],
    ['a commissioner may not', commissioner, false],
  ])('the handovers page: %s', (_, who, allowed) => {
    expect(can(who, 'viewHandovers')).toBe(allowed);
  });
});

describe('allocation', () => {
  const unallocated = { siteCode: HAMPSHIRE, leadWorkerId: null };
  const led = { siteCode: HAMPSHIRE, leadWorkerId: 'someone-else' };
  it.each([
    ['a manager allocates anyone', manager, { ...led, to: 'a-worker' }, true],
    ['a manager leaves it unallocated', manager, { ...led, to: null }, true],
    ['a practitioner takes an unallocated episode', practitioner, { ...unallocated, to: practitioner.id }, true],
    ['a practitioner may not hand one to a colleague', practitioner, { ...unallocated, to: 'a-worker' }, false],
    ['a practitioner may not take one led by a colleague', practitioner, { ...led, to: practitioner.id }, false],
    ['another site’s manager may not', elsewhere, { ...led, to: 'a-worker' }, false],
  ])('allocate: %s', (_, who, facts, allowed) => {
    expect(can(who, 'allocate', facts)).toBe(allowed);
  });
  it.each([
    ['a manager', manager, led, true],
    ['the lead worker', practitioner, { ...led, leadWorkerId: practitioner.id }, true],
    ['another practitioner of the site', practitioner, led, false],
    ['another site’s manager', elsewhere, led, false],
  ])('add a co-worker: %s', (_, who, facts, allowed) => {
    expect(can(who, 'addCoWorker', facts)).toBe(allowed);
  });
  it.each([
    ['a manager', manager, { ...led, coWorkerUserId: 'a-worker' }, true],
    ['the co-worker themselves, leaving', practitioner, { ...led, coWorkerUserId: practitioner.id }, true],
    ['another practitioner of the site', practitioner, { ...led, coWorkerUserId: 'a-worker' }, false],
  ])('remove a co-worker: %s', (_, who, facts, allowed) => {
    expect(can(who, 'removeCoWorker', facts)).toBe(allowed);
  });
  it.each([
    ['its manager', manager, true],
    ['its practitioner may not', practitioner, false],
    ['another site’s manager may not', elsewhere, false],
  ])('the team view of a site: %s', (_, who, allowed) => {
    expect(can(who, 'viewTeam', { siteCode: HAMPSHIRE })).toBe(allowed);
  });
});

describe('the worklist', () => {
  it.each([
    ['a site’s practitioner', practitioner, true],
    ['a site’s manager', manager, true],
    ['a practitioner of no site may not', viewer('practitioner'), false],
    ['a commissioner may not: it is about people', commissioner, false],
    ['an admin may not', admin, false],
  ])('%s', (_, who, allowed) => {
    expect(can(who, 'viewWorklist')).toBe(allowed);
  });
  it('is seen site by site by its own team only', () => {
    expect(can(practitioner, 'viewSiteWorklist', { siteCode: HAMPSHIRE })).toBe(true);
    expect(can(practitioner, 'viewSiteWorklist', { siteCode: BIRMINGHAM })).toBe(false);
  });
  it('opens by rule for managers', () => {
    expect(can(manager, 'viewWorklistByRuleFirst')).toBe(true);
    expect(can(practitioner, 'viewWorklistByRuleFirst')).toBe(false);
  });
});

describe('retention and the email outbox', () => {
  it('the retention report and the outbox are for admins', () => {
    for (const who of [admin, manager, practitioner, commissioner]) {
      expect(can(who, 'viewRetentionReport')).toBe(who === admin);
      expect(can(who, 'readEmailOutbox')).toBe(who === admin);
    }
  });
  it('a legal hold is placed by the site’s managers', () => {
    expect(can(manager, 'setLegalHold', { siteCode: HAMPSHIRE })).toBe(true);
    expect(can(practitioner, 'setLegalHold', { siteCode: HAMPSHIRE })).toBe(false);
    expect(can(elsewhere, 'setLegalHold', { siteCode: HAMPSHIRE })).toBe(false);
  });
});
