// Draws the decline letter (declineLetterContent.ts) as the service's letter PDF (web/letterPdf.ts).
import { letterPdf } from '../web/letterPdf.ts';
import { declineLetterContent, type DeclineLetterFacts } from './declineLetterContent.ts';

export function declineLetterPdf(facts: DeclineLetterFacts): Promise<Buffer> {
  return letterPdf({ name: facts.teamName }, declineLetterContent(facts));
}
