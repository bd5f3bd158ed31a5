// Issue 10: "The closure letter PDF garbles 'Wiśniewski-O'Brien': embed a Unicode font … and test a name with
// Polish, Irish and Welsh letters in every PDF." Each PDF the service writes is drawn with a name like that and
// read back as a reader would copy it out (test/support/pdfText.ts): every letter comes back, in an embedded font.
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../test/support/pdfText.ts';
import { closureLetterPdf } from '../episodes/closureLetterPdf.ts';
import { chronologyPdf } from '../chronology/pdf.ts';
import { declineLetterPdf } from '../screening/declineLetterPdf.ts';

const NAMES = {
  givenName: 'Siân Ŵyn',
  familyName: 'Wiśniewski-O’Brien Ó Súilleabháin',
};
const FULL = `${NAMES.givenName} ${NAMES.familyName}`;

const PDFS: [string, () => Promise<Buffer>][] = [
  [
    'the closure letter',
    () =>
      closureLetterPdf({
        person: { ...NAMES, dateOfBirth: '1990-01-02', nhsNumber: '943 476 5919' },
        referrer: { name: 'Ffion Llŷr', organisation: 'Probation Wales' },
        referredOn: '2026-10-01',
        gpPractice: 'Meddygfa’r Bont',
        team: { name: 'RECONNECT East of England', provider: 'An NHS trust' },
        leadWorker: { name: 'Łucja Żółć', email: 'lucja@example.org' },
        openedOn: '2026-10-02',
        releasedOn: '2026-11-01',
        closedOn: '2027-05-01',
        reason: 'support_completed',
        summary: `${NAMES.givenName} settled with a GP and a flat.`,
        contactsAttended: 12,
        contactTypes: ['in_prison', 'phone'],
        goals: [{ description: 'Register with a GP', outcome: 'achieved' }],
        writtenOn: '2027-05-01',
      }),
  ],
  [
    'the decline letter',
    () =>
      declineLetterPdf({
        reference: 'RC-1001',
        teamName: 'RECONNECT East of England',
        person: { ...NAMES, dateOfBirth: '1990-01-02', nhsNumber: null },
        referrer: { name: 'Łucja Żółć', organisation: 'Probation Wales' },
        receivedAt: '2026-11-01T09:00:00Z',
        decidedAt: '2026-11-02T09:00:00Z',
        reason: 'Has not agreed to be referred.',
        signposting: 'Meddygfa’r Bont.',
        unmet: [],
        writtenAt: new Date('2026-11-02T09:00:00Z'),
      }),
  ],
  [
    'the chronology',
    () =>
      chronologyPdf({
        person: { name: FULL, references: ['RC-0001'], restricted: false },
        rows: [
          {
            id: 'x',
            kind: 'contact',
            kindText: 'Contact',
            when: '1 November 2026',
            whenIso: '2026-11-01T09:00:00.000Z',
            recorded: '1 November 2026 at 9:00am',
            recordedLater: false,
            organisation: 'RECONNECT East of England',
            summary: `Met ${NAMES.givenName} with Łucja Żółć`,
            detail: [],
            restricted: false,
            recordedBy: 'Łucja Żółć',
          } as never,
        ],
        view: 'full',
        filterText: '',
        printedAt: '1 December 2026',
        printedBy: 'Łucja Żółć',
      }),
  ],
];

describe.each(PDFS)('%s', (_name, make) => {
  it('draws Polish, Irish and Welsh names as written, in an embedded Unicode font', async () => {
    const pdf = readPdf(await make());
    expect(
      pdf.fonts.every((f) => /^[A-Z]{6}\+DejaVuSans/.test(f)),
      pdf.fonts.join(', '),
    ).toBe(true);
    const text = pdf.text.replace(/\s+/g, ' ');
    for (const part of [...FULL.split(' '), 'Łucja Żółć']) expect(text).toContain(part);
  });
});
