// What a form posted after its session ended may leave behind for its user (issue 10, "Lose nothing":
// "Session expiry loses typed work … Keep what was posted (a short-lived … stash bound to the user)").
// Pure rules: which requests are kept, which fields, for how long, and who may take them back.

/** How long a kept form waits for its user to sign in again. */
export const STASH_MINUTES = 30;

/** Larger forms are not kept: no page of the service posts this much text. */
export const MAX_STASH_CHARS = 64_000;

/** Never kept: the CSRF token (a new one is issued after sign-in) and anything that is or may be a secret. */
const NEVER_KEPT = /^_csrf$|password|passcode|secret|token|recovery|^code$|otp/i;

/** Pages whose forms are part of signing in or out: a late post to them is not typed work. */
const NOT_KEPT_PATHS = /^\/(sign-in|sign-out|signed-out|account|session|saved-work)(\/|\?|$)|^\/api\//;

export type KeptFields = Record<string, string | string[]>;

/** A form post from a page (not the API, not signing in) is what may be kept. */
export function mayKeep(method: string, path: string, contentType: string | undefined): boolean {
  return (
    method === 'POST' &&
    path.startsWith('/') &&
    !NOT_KEPT_PATHS.test(path) &&
    (contentType ?? '').startsWith('application/x-www-form-urlencoded')
  );
}

/** The fields to keep (text only, no secrets), or undefined when nothing typed is left or it is too large. */
export function keptFields(body: unknown): KeptFields | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const kept: KeptFields = {};
  let chars = 0;
  let typed = false;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (NEVER_KEPT.test(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v): v is string => typeof v === 'string')) continue;
    chars += name.length + values.reduce((n, v) => n + v.length, 0);
    if (values.some((v) => v.trim() !== '')) typed = true;
    kept[name] = Array.isArray(value) ? values : (values[0] ?? '');
  }
  if (!typed || chars > MAX_STASH_CHARS) return undefined;
  return kept;
}

export interface StashOwner {
  /** The user whose session ended, when the service still knew it; null: whoever signs in next on the browser. */
  userId: string | null;
  expiresAt: Date;
}

/** Whether the signed-in user may take the kept form back: it is theirs, or nobody's, and not expired. */
export function mayTakeBack(stash: StashOwner, viewerId: string, now: Date): boolean {
  return now < stash.expiresAt && (stash.userId === null || stash.userId === viewerId);
}

/** The values to show the user, as they typed them (not the hidden fields a page carries). */
export function typedValues(fields: KeptFields): string[] {
  return Object.entries(fields)
    .filter(([name]) => !/^(version|change|returnTo)$/.test(name))
    .flatMap(([, v]) => (Array.isArray(v) ? v : [v]))
    .filter((v) => v.trim() !== '');
}
