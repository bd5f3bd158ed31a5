// Where the person went on release, in the team's words (issue 10, "A destination known only by its town"):
// the latest release's destination as the release form or the API recorded it, "Southampton", "Preston
// (PR1 2HE)" or the postcode alone. Undefined when no release said where.
import type { RecordedEvent } from './repository.ts';

interface Destination {
  postcode?: string | null;
  localAuthority?: string | null;
}

export function destinationText(d: Destination | null | undefined): string | undefined {
  const town = d?.localAuthority?.trim();
  const postcode = d?.postcode?.trim();
  if (town && postcode) return `${town} (${postcode})`;
  return town || postcode || undefined;
}

export function releasedTo(events: readonly Pick<RecordedEvent, 'kind' | 'on' | 'data'>[]): string | undefined {
  const released = events.filter((e) => e.kind === 'released');
  const last = released.at(-1);
  return destinationText((last?.data as { destination?: Destination | null } | null)?.destination);
}
