// An approved case study as an A4 PDF for sharing wider (seed 002: "All RECONNECT teams, local partnership
// boards..."): its title, the team's name, and each section. In DejaVu Sans (web/pdfFonts.ts), uncompressed so
// that its text can be read back (and checked for identifiers by the tests).
import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from '../web/pdfFonts.ts';
import type { CaseStudySections } from './draft.ts';

const HEADINGS: [keyof CaseStudySections, string][] = [
  ['background', 'Background'],
  ['whatHappened', 'What happened'],
  ['missedOpportunities', 'Missed opportunities'],
  ['lessons', 'Lessons'],
];

export function caseStudyPdf(s: CaseStudySections, teamName: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: false, info: { Title: s.title, Author: teamName } });
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
  doc.font(regular).fontSize(11).text(`${teamName}: a case study for reflective practice`);
  doc.moveDown(0.5);
  doc.font(bold).fontSize(18).text(s.title);
  for (const [key, heading] of HEADINGS) {
    doc.moveDown();
    doc.font(bold).fontSize(14).text(heading);
    doc.font(regular).fontSize(12);
    for (const line of s[key].split('\n')) doc.moveDown(0.2).text(line);
  }
  doc.end();
  return done;
}
