// Where to go after signing in: only a path on this site (ASVS 5.0 V3.7.2, open redirects). The value comes
// from a query string or a form, so it is checked as a browser would read it: the WHATWG URL parser drops
// tabs and newlines and treats "\" as "/", which is how "/\t/evil.example" or "/\\evil.example" leave the
// site. Anything with a control, format or space character is refused outright, the rest is parsed against
// a placeholder origin and must stay on it, and what comes out is the parser's percent-encoded form, so the
// Location header never carries a character that makes Node refuse to send it.
const PLACEHOLDER = 'http://reconnect.invalid';
const MAX_LENGTH = 2048;
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Z}\s]/u;

/** A path on another host when it starts "//" or "/\" (scheme-relative), whatever follows. */
const schemeRelative = (path: string) => /^\/[/\\]/.test(path);

export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return '/';
  if (!value.startsWith('/') || schemeRelative(value) || FORBIDDEN.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER);
  } catch {
    return '/';
  }
  if (url.origin !== PLACEHOLDER) return '/';
  // "/.//evil.example" parses to the path "//evil.example": check what the browser will be sent, too.
  const path = `${url.pathname}${url.search}${url.hash}`;
  return schemeRelative(path) ? '/' : path;
}
