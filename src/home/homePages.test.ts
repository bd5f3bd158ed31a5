// Issue 10, "The commissioner's home offers 'make a new referral', which is a 403": each role's home page offers
// only what that role may do. Every link on the page a user lands on after signing in answers 200 for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { SITES } from '../../test/support/factories.ts';
import type { Role } from '../access/viewer.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const SKIP = /^\/(static|nhsuk)\/|sign-out|\.pdf$|\.csv$/;

/** Follows redirects as a browser would, and gives the last answer. */
async function land(page: PageSession, url: string) {
  let res = await page.get(url);
  for (let hops = 0; hops < 5 && res.statusCode >= 300 && res.statusCode < 400; hops++)
    res = await page.get(String(res.headers.location));
  return res;
}

const ROLES: { role: Role; sites?: string[]; organisation?: string }[] = [
  { role: 'referrer', organisation: 'Probation North West' },
  { role: 'practitioner', sites: [SITES.hampshire] },
  { role: 'manager', sites: [SITES.hampshire] },
  { role: 'admin' },
  { role: 'commissioner' },
  { role: 'researcher' },
];

describe('the home page offers each role only what it may do', () => {
  it.each(ROLES)('as a $role, every link on the home page opens', async ({ role, sites, organisation }) => {
    const user = await t.user(role, { ...(sites ? { sites } : {}), ...(organisation ? { organisation } : {}) });
    const page = await PageSession.signedIn(t.app, user);
    const home = await land(page, '/');
    expect(home.statusCode).toBe(200);
    const links = [...new Set([...home.body.matchAll(/href="(\/[^"#]*)/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
    expect(links.length).toBeGreaterThan(1);
    const refused: string[] = [];
    for (const link of links.filter((l) => !SKIP.test(l))) {
      const res = await land(page, link);
      if (res.statusCode !== 200) refused.push(`${res.statusCode} ${link}`);
    }
    expect(refused).toEqual([]);
    if (role !== 'referrer' && role !== 'practitioner' && role !== 'manager')
      expect(home.body).not.toContain('Make a new referral');
  });
});
