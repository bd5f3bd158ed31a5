// The one typeface of every PDF the service writes: DejaVu Sans, embedded (subset) from the npm package, so that
// the names people have are drawn as written ("Wiśniewski-O’Brien", "Siân", "Ŵyn", "Ó Súilleabháin",
// "Nguyễn"). The 14 standard PDF fonts only know Windows-1252 and garble anything else.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_REGULAR = path.join(FONTS, 'DejaVuSans.ttf');
export const FONT_BOLD = path.join(FONTS, 'DejaVuSans-Bold.ttf');

/** Registers the regular and bold faces under the names the documents draw with, and starts in regular. */
export function useUnicodeFonts(doc: PDFKit.PDFDocument): { regular: string; bold: string } {
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('regular');
  return { regular: 'regular', bold: 'bold' };
}
