// Draws the closure letter (closureLetterContent.ts) as the service's letter PDF (web/letterPdf.ts).
import { letterPdf } from '../web/letterPdf.ts';
import { closureLetterContent, type ClosureLetterFacts } from './closureLetterContent.ts';

export function closureLetterPdf(facts: ClosureLetterFacts): Promise<Buffer> {
  return letterPdf(facts.team, closureLetterContent(facts));
}
