// Signing in through the real pages with inject: keeps cookies between requests like a browser would.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The value of a hidden form field on a page (the CSRF token, an episode's version...). */
export function hiddenField(body: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '';
}

/** The NHS error summary's links on a page, text and target, in the order shown. */
export function errorSummary(body: string): { text: string; href: string }[] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list"[^>]*>([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<a href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(([, href = '', text = '']) => ({
    href,
    text: text.trim(),
  }));
}

export class PageSession {
  private cookies = new Map<string, string>();
  private readonly app: FastifyInstance;

  constructor(app: FastifyInstance) {
    this.app = app;
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  /** The session cookie's current value (changes at every sign-in and privilege change). */
  cookieValue(name = 'reconnect-session'): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, cookies: Object.fromEntries(this.cookies) });
    this.remember(res);
    return res;
  }

  /** Posts a form as a browser would, with the CSRF token taken from the page it came from. */
  async post(
    url: string,
    form: Record<string, string>,
    fromPage?: string,
    options: { withCsrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const token = options.withCsrf === false ? undefined : await this.csrfToken(fromPage ?? url);
    const body = new URLSearchParams({ ...form, ...(token ? { _csrf: token } : {}) }).toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      cookies: Object.fromEntries(this.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(res);
    return res;
  }

  /** Posts an encoded form body as it is (a field may repeat), with the session's cookies. */
  async postRaw(url: string, body: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      cookies: Object.fromEntries(this.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(res);
    return res;
  }

  async csrfToken(pageUrl: string): Promise<string> {
    const page = await this.get(pageUrl);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match) throw new Error(`No CSRF token on ${pageUrl} (status ${page.statusCode})`);
    return match[1]!;
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    return this.post('/sign-in', { email, password, returnTo: '/' }, '/sign-in');
  }

  /** A new session, signed in (fails loudly if signing in did not redirect as a success does). */
  static async signedIn(app: FastifyInstance, user: { email: string; password: string }): Promise<PageSession> {
    const page = new PageSession(app);
    const res = await page.signIn(user.email, user.password);
    if (res.statusCode !== 303) throw new Error(`Signing in as ${user.email} gave ${res.statusCode}`);
    return page;
  }

  /**
   * Posts a form from the page the user has open, as a browser would: with that page's CSRF token and the
   * hidden fields named in `keep` (the version it showed, so stale forms get 412).
   */
  async submitFrom(
    from: string,
    url: string,
    form: Record<string, string>,
    keep: readonly string[] = ['version'],
  ): Promise<LightMyRequestResponse> {
    const shown = await this.get(from);
    const kept = Object.fromEntries(keep.map((name) => [name, hiddenField(shown.body, name)]));
    return this.post(url, { _csrf: hiddenField(shown.body, '_csrf'), ...kept, ...form }, undefined, {
      withCsrf: false,
    });
  }
}
