// Handovers in the demo: one out-of-area release waiting for the receiving team's answer, and one step up
// from RECONNECT to Enhanced RECONNECT already accepted (its episode closed as stepped_up_or_down, the
// new one open in Birmingham). Uses open RECONNECT episodes the main demo seed has already made.
import { handovers as handoverTable } from '../db/schema.ts';
import type { Services } from '../services.ts';
import type { Viewer } from '../access/viewer.ts';
import { londonDate } from '../identifiers/dates.ts';

export async function seedHandoverDemo(
  services: Pick<Services, 'db' | 'clock' | 'episodes' | 'handovers'>,
  people: { practitioner: Viewer; manager: Viewer },
): Promise<void> {
  const { db, episodes, handovers } = services;
  // Once only: the demo's episodes would otherwise be asked for twice.
  if ((await db.select({ id: handoverTable.id }).from(handoverTable).limit(1)).length) return;
  const now = services.clock();
  const openAt = async (site: string) =>
    (await db.transaction((tx) => episodes.list(tx, people.manager, { site }))).find((e) => e.status !== 'closed');

  const stepping = await openAt('reconnect-hampshire');
  if (stepping) {
    const asked = await db.transaction((tx) =>
      handovers.request(tx, people.practitioner, stepping.id, {
        kind: 'step_up',
        toSite: 'er-birmingham-solihull',
        consentToShare: true,
        reason: 'Risk of harm has risen to high since sentencing; moving to Birmingham on release.',
        summary:
          'Depression and alcohol use; registered with a GP in Winchester; finds letters hard to read, prefers phone calls. Agreed to share this summary with the Birmingham team.',
      }),
    );
    await db.transaction((tx) =>
      handovers.decide(
        tx,
        people.manager,
        asked.id,
        {
          decision: 'accept',
          note: 'Discussed at the consultation meeting: we will meet him in prison next week.',
          consultation: {
            date: londonDate(now),
            decision: 'accept',
            rationale: 'High risk of harm with complex health needs; agrees to engage.',
            attendees: [
              { role: 'com', name: 'Chris Community', organisation: 'Probation Service' },
              { role: 'practitioner', name: 'Sam Worker', organisation: 'RECONNECT Hampshire' },
            ],
          },
        },
        asked.version,
      ),
    );
  }

  const moving = await openAt('reconnect-east-of-england');
  if (moving) {
    await db.transaction((tx) =>
      handovers.request(tx, people.practitioner, moving.id, {
        kind: 'out_of_area',
        toSite: 'reconnect-hampshire',
        consentToShare: true,
        reason: 'Released to approved premises in Southampton.',
        summary:
          'Anxiety and cannabis use; needs a GP in Southampton and help with benefits. Agreed to share this summary with the Hampshire team.',
      }),
    );
  }
}
