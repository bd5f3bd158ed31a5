// Issue 14: "Open redirect through `returnTo` ... Allow only a path on this site, parsed with the URL parser,
// no control or space characters; the same on every return path." (ASVS 5.0 V3.7.2)
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './returnTo.ts';

describe('safeReturnTo: only a path on this site', () => {
  it.each([
    ['/referrals', '/referrals'],
    ['/referrals/new?step=2#person', '/referrals/new?step=2#person'],
    ['/', '/'],
    ['/episodes/a/../b', '/episodes/b'],
    ['/caseload?worker=Ann%20Lee', '/caseload?worker=Ann%20Lee'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/search?q=é', '/search?q=%C3%A9'],
  ])('keeps %j as %j', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    ['a scheme-relative URL', '//evil.example'],
    ['a backslash after the slash', '/\\evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path', 'referrals'],
    ['an empty value', ''],
    ['a tab after the slash (the browser drops it)', '/\t/evil.example'],
    ['a newline after the slash', '/\n/evil.example'],
    ['a carriage return and a header', '/referrals\r\nSet-Cookie: x=1'],
    ['a newline inside a path', '/referrals\n'],
    ['a NUL', '/referrals\u0000'],
    ['an ideographic space (U+3000)', '/\u3000/evil.example'],
    ['a no-break space', '/\u00a0/evil.example'],
    ['a line separator (U+2028)', '/referrals\u2028'],
    ['a zero-width space', '/\u200b/evil.example'],
    ['a right-to-left override', '/\u202eelpmaxe.live//'],
    ['a space', '/ /evil.example'],
    ['dot segments that resolve to "//"', '/.//evil.example'],
    ['dot segments above the root', '/a/../..//evil.example'],
    ['a very long value', `/${'a'.repeat(3000)}`],
  ])('refuses %s', (_label, value) => {
    expect(safeReturnTo(value)).toBe('/');
  });

  it.each([undefined, null, 42, ['/referrals'], { toString: () => '/referrals' }])('refuses %j', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
