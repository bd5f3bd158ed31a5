// Draws the decline letter (declineLetterContent.ts) as an A4 PDF in DejaVu Sans (web/pdfFonts.ts), so the
// person's name is drawn as it is written. Uncompressed: a page, searchable by any tool.
import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from '../web/pdfFonts.ts';
import { declineLetterContent, type DeclineLetterFacts } from './declineLetterContent.ts';

export function declineLetterPdf(facts: DeclineLetterFacts): Promise<Buffer> {
  const letter = declineLetterContent(facts);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: false,
    info: { Title: letter.title, Author: facts.teamName },
  });
  const { regular, bold } = useUnicodeFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  doc.font(bold).fontSize(16).text(facts.teamName);
  doc.moveDown();
  doc.font(regular).fontSize(12).text(letter.date);
  doc.moveDown(0.5);
  doc.font(bold).text('To:');
  for (const line of letter.to) doc.font(regular).text(line);
  doc.moveDown(0.5);
  doc.font(bold).text('About:');
  for (const line of letter.about) doc.font(regular).text(line);
  doc.moveDown();
  doc.font(bold).fontSize(18).text(letter.title);
  for (const section of letter.sections) {
    doc.moveDown();
    doc.font(bold).fontSize(14).text(section.heading);
    doc.font(regular).fontSize(12);
    for (const p of section.paragraphs) doc.moveDown(0.3).text(p);
    if (section.bullets?.length) doc.moveDown(0.3).list(section.bullets, { bulletRadius: 2, textIndent: 14 });
  }
  doc.end();
  return done;
}
