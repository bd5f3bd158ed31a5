import { describe, expect, it } from 'vitest';
import { createTemplateEnvironment } from './render.ts';

// The layout's header, kept by its arguments (macroMemo.ts): what it shows must be exactly what the design
// system's macro renders for them, each page's CSRF token its own.
describe('the kept header', () => {
  const env = createTemplateEnvironment({ watch: false });
  const imports = '{% from "nhsuk/components/header/macro.njk" import header %}';
  const args = (name: string, count: number, current: string) => ({
    service: { text: 'Reconnect', href: '/' },
    navigation: {
      items: [
        { href: '/caseload', text: 'Caseload', current: current === 'caseload' },
        { href: '/worklist', text: `Worklist (${count})`, current: current === 'worklist' },
      ],
    },
    account: {
      items: [
        { text: `${name} (practitioner)`, icon: true },
        { html: '<input type="hidden" name="_csrf" value="TOKEN">Sign out', action: '/sign-out', method: 'post' },
      ],
    },
  });
  const kept = (a: object, token: string) =>
    env.renderString(`${imports}{{ cachedMacro(header, a, token) }}`, {
      a: JSON.parse(JSON.stringify(a).replace('TOKEN', 'reconnect-csrf-token-mark')),
      token,
    });
  const direct = (a: object, token: string) =>
    env.renderString(`${imports}{{ header(a) }}`, { a: JSON.parse(JSON.stringify(a).replace('TOKEN', token)) });

  it('is the macro’s own markup, with each page’s token in the sign-out form', () => {
    for (const token of ['first-token', 'second-token', 'first-token']) {
      expect(kept(args('Sam Lee', 3, 'worklist'), token)).toBe(direct(args('Sam Lee', 3, 'worklist'), token));
    }
    expect(kept(args('Sam Lee', 3, 'worklist'), 'abc')).toContain('name="_csrf" value="abc"');
  });

  it('follows every change in what it is given: another user, count or section is rendered afresh', () => {
    kept(args('Sam Lee', 3, 'worklist'), 't');
    expect(kept(args('Alex Kaur', 3, 'worklist'), 't')).toContain('Alex Kaur (practitioner)');
    expect(kept(args('Alex Kaur', 3, 'worklist'), 't')).not.toContain('Sam Lee');
    expect(kept(args('Sam Lee', 4, 'worklist'), 't')).toContain('Worklist (4)');
    expect(kept(args('Sam Lee', 4, 'caseload'), 't')).toBe(direct(args('Sam Lee', 4, 'caseload'), 't'));
  });

  it('escapes the token it fills in', () => {
    expect(kept(args('Sam Lee', 3, 'worklist'), '"><script>')).toContain('value="&quot;&gt;&lt;script&gt;"');
  });
});
