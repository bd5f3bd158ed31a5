// Draws the closure letter (closureLetterContent.ts) as an A4 PDF with pdfkit. Uncompressed: the letter
// is a page or two, and its text stays searchable by tools that do not inflate streams (and by tests). In
// DejaVu Sans (web/pdfFonts.ts), so the person's name is drawn as it is written.
import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from '../web/pdfFonts.ts';
import { closureLetterContent, type ClosureLetterFacts } from './closureLetterContent.ts';

export function closureLetterPdf(facts: ClosureLetterFacts): Promise<Buffer> {
  const letter = closureLetterContent(facts);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: false,
    info: { Title: letter.title, Author: facts.team.name },
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
  doc.font(bold).fontSize(16).text(facts.team.name);
  if (facts.team.provider) doc.font(regular).fontSize(11).text(facts.team.provider);
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
