// The chronology as an A4 PDF for a professionals' meeting (issue 11: "the chronology can be exported as a
// PDF for the next meeting"), drawn with pdfkit in DejaVu Sans, whose glyphs cover the names people have
// ("Wiśniewski-O'Brien", "Nguyễn", "Ó Súilleabháin"), which the PDF standard fonts cannot draw.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { ChronologyRow } from './presenter.ts';

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_REGULAR = path.join(FONTS, 'DejaVuSans.ttf');
export const FONT_BOLD = path.join(FONTS, 'DejaVuSans-Bold.ttf');

export interface ChronologyDocument {
  person: { name: string; references: string[]; restricted: boolean };
  rows: readonly ChronologyRow[];
  view: 'compact' | 'full';
  /** The filters applied, in words ("Kind: Meeting; from 1 November 2026"), or empty. */
  filterText: string;
  printedAt: string;
  printedBy: string;
}

export function chronologyPdf(d: ChronologyDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Chronology: ${d.person.name}`, Author: 'Reconnect' },
    bufferPages: true,
  });
  doc.registerFont('body', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  const width = doc.page.width - 96;

  doc.font('bold').fontSize(9).fillColor('#d5281b').text('CONFIDENTIAL: personal and health information');
  doc.fillColor('#212b32').moveDown(0.5);
  doc.font('bold').fontSize(18).text(`Chronology: ${d.person.name}`);
  doc
    .font('body')
    .fontSize(10)
    .text(`Referrals: ${d.person.references.join(', ')}`);
  if (d.person.restricted) doc.text('Includes need-to-know records: share only with those entitled to see them.');
  doc.text(`Printed ${d.printedAt} by ${d.printedBy}. ${d.rows.length} entries, oldest first.`);
  if (d.filterText) doc.text(`Filtered: ${d.filterText}.`);
  doc.moveDown();

  for (const row of d.rows) {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.font('bold').fontSize(10).text(`${row.when}  ·  ${row.kindText}  ·  ${row.organisation}`, { width });
    doc.font('body').fontSize(10).text(row.summary, { width });
    if (d.view === 'full') for (const line of row.detail) doc.fontSize(9).text(line, { width, indent: 12 });
    const recorded = row.recordedLater ? `Recorded ${row.recorded} (later)` : `Recorded ${row.recorded}`;
    doc
      .fontSize(8)
      .fillColor('#4c6272')
      .text(`${recorded}${row.recordedBy ? ` by ${row.recordedBy}` : ''}${row.restricted ? '  ·  need-to-know' : ''}`, {
        width,
      });
    doc.fillColor('#212b32').moveDown(0.6);
  }
  if (!d.rows.length) doc.font('body').fontSize(10).text('Nothing is recorded that matches.');

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(8)
      .fillColor('#4c6272')
      .text(`${d.person.name}  ·  page ${i + 1} of ${range.count}`, 48, doc.page.height - 36, {
        width,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
