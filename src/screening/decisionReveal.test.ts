// Issue 10, "use conditional reveals where the design system has them (the screening decision shows three
// text boxes at once)": each decision's questions sit under its own radio (nhsuk radios `conditional`), all
// in the page for a browser without JavaScript (docs/decisions/0003-radios-that-reveal-a-question.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { aReferral, SITES, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South' });
  practitioner = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

/** The revealed block of the radio with this value: its id and the inputs in it. */
function revealOf(body: string, value: string) {
  const radio = new RegExp(`<input[^>]*name="decision"[^>]*value="${value}"[^>]*>`).exec(body)?.[0] ?? '';
  const controls = /data-aria-controls="([^"]+)"/.exec(radio)?.[1];
  if (!controls) return undefined;
  const block = new RegExp(
    `<div class="nhsuk-radios__conditional[^"]*" id="${controls}">([\\s\\S]*?)</div>\\s*(?:<div class="nhsuk-radios__item|</div>)`,
  ).exec(body);
  return {
    hidden: /nhsuk-radios__conditional--hidden" id/.test(block?.[0] ?? ''),
    inputs: [...(block?.[1] ?? '').matchAll(/<textarea[^>]*id="([^"]+)"/g)].map((m) => m[1]),
  };
}

describe('the screening decision', () => {
  it('reveals the reason and signposting under Decline, and the question under Ask for more information', async () => {
    const referral = await aReferral(t, referrer, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const shown = await page.get(`/referrals/${referral.id}`);
    expect(revealOf(shown.body, 'decline')).toEqual({ hidden: true, inputs: ['reason', 'signposting'] });
    expect(revealOf(shown.body, 'more_information')).toEqual({ hidden: true, inputs: ['question'] });
    // The design system hides a closed reveal only once its script runs (.nhsuk-frontend-supported).
    expect(shown.body).not.toContain('If you decline');
  });

  it('keeps the chosen decision’s questions open, with what was typed, when the form is refused', async () => {
    const referral = await aReferral(t, referrer, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, practitioner);
    const refused = await page.submitFrom(`/referrals/${referral.id}`, `/referrals/${referral.id}/screening`, {
      decision: 'decline',
      reason: 'Not resettling to Hampshire.',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('nhsuk-error-summary');
    expect(revealOf(refused.body, 'decline')).toEqual({ hidden: false, inputs: ['reason', 'signposting'] });
    expect(refused.body).toContain('Not resettling to Hampshire.');
  });
});
