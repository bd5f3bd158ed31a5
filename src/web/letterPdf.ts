// A letter from a team as an A4 PDF: the team's name at the top, the date, who it is to and about, a title and
// its sections. In DejaVu Sans (web/pdfFonts.ts), so names are drawn as they are written; uncompressed, so a
// letter of a page or two stays searchable by tools that do not inflate streams (and by tests). The closure
// letter and the decline letter are drawn by it; each folder writes only its letter's words.
import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from './pdfFonts.ts';

export interface LetterPdf {
  title: string;
  date: string;
  to: readonly string[];
  about: readonly string[];
  sections: readonly { heading: string; paragraphs: readonly string[]; bullets?: readonly string[] | undefined }[];
}

export function letterPdf(
  from: { name: string; provider?: string | null | undefined },
  letter: LetterPdf,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: false,
    info: { Title: letter.title, Author: from.name },
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
  doc.font(bold).fontSize(16).text(from.name);
  if (from.provider) doc.font(regular).fontSize(11).text(from.provider);
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
    if (section.bullets?.length) doc.moveDown(0.3).list([...section.bullets], { bulletRadius: 2, textIndent: 14 });
  }
  doc.end();
  return done;
}
