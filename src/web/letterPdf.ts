// A letter from a team as an A4 PDF: the team's name at the top, the date, who it is to and about, a title and
// its sections. In DejaVu Sans (web/pdfFonts.ts), so names are drawn as they are written; uncompressed, so a
// letter of a page or two stays searchable by tools that do not inflate streams (and by tests). The closure
// letter, the decline letter and the person's own letters (letters/) are drawn by it; each folder writes only
// its letter's words. `style` sets the type sizes: the person's large print and easy read versions.
import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from './pdfFonts.ts';

export interface LetterPdf {
  title: string;
  date: string;
  to: readonly string[];
  about: readonly string[];
  /** The labels of `to` and `about` (in the letter's language). */
  labels?: { to: string; about: string } | undefined;
  sections: readonly { heading: string; paragraphs: readonly string[]; bullets?: readonly string[] | undefined }[];
}

/**
 * Type sizes in points, and whether each paragraph gets a box beside it for a picture (easy read: "one idea a
 * line, space for pictures"). Black on white throughout: the highest contrast there is.
 */
export interface LetterStyle {
  body: number;
  heading: number;
  title: number;
  small: number;
  /** Extra space between lines, in points. */
  lineGap: number;
  pictures: boolean;
}

export const STANDARD_STYLE: LetterStyle = { body: 12, heading: 14, title: 18, small: 11, lineGap: 0, pictures: false };

/** The picture box of an easy read line: a square to the left, the line to its right. */
const PICTURE = 64;

export function letterPdf(
  from: { name: string; provider?: string | null | undefined },
  letter: LetterPdf,
  style: LetterStyle = STANDARD_STYLE,
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
  const gap = { lineGap: style.lineGap };
  const labels = letter.labels ?? { to: 'To:', about: 'About:' };
  doc.fillColor('black');
  doc.font(bold).fontSize(Math.max(16, style.heading)).text(from.name, gap);
  if (from.provider) doc.font(regular).fontSize(style.small).text(from.provider, gap);
  doc.moveDown();
  doc.font(regular).fontSize(style.body).text(letter.date, gap);
  doc.moveDown(0.5);
  doc.font(bold).text(labels.to, gap);
  for (const line of letter.to) doc.font(regular).text(line, gap);
  doc.moveDown(0.5);
  doc.font(bold).text(labels.about, gap);
  for (const line of letter.about) doc.font(regular).text(line, gap);
  doc.moveDown();
  doc.font(bold).fontSize(style.title).text(letter.title, gap);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const section of letter.sections) {
    doc.moveDown();
    doc.font(bold).fontSize(style.heading).text(section.heading, left, doc.y, gap);
    doc.font(regular).fontSize(style.body);
    for (const p of section.paragraphs) {
      doc.moveDown(0.3);
      if (!style.pictures) {
        doc.text(p, left, doc.y, gap);
        continue;
      }
      if (doc.y + PICTURE > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const top = doc.y;
      doc.save().lineWidth(1).strokeColor('black').rect(left, top, PICTURE, PICTURE).stroke().restore();
      doc.text(p, left + PICTURE + 16, top + 4, { ...gap, width: width - PICTURE - 16 });
      doc.y = Math.max(doc.y, top + PICTURE) + 8;
    }
    if (section.bullets?.length)
      doc
        .moveDown(0.3)
        .list([...section.bullets], left, doc.y, { bulletRadius: style.body / 6, textIndent: style.body + 2, ...gap });
  }
  doc.end();
  return done;
}
