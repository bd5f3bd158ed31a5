// The text a reader would copy out of one of the service's PDFs, read back the way a PDF reader does: each
// font's ToUnicode map turns the glyph codes in the page's text operators back into letters. A letter the font
// has no glyph for has no mapping and goes missing, so a test of the words is a test of the font too.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: string;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const s = /^([\s\S]*?)stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body);
    if (!s) {
      found.set(Number(m[1]), { dict: body });
      continue;
    }
    const raw = Buffer.from(s[2]!, 'latin1');
    const stream = /\/FlateDecode/.test(s[1]!) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
    found.set(Number(m[1]), { dict: s[1]!, stream });
  }
  return found;
}

/** Glyph code → text, from a ToUnicode CMap as pdfkit writes it (`<start> <end> [<u> <u d800-pair> …]`). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const r of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
    let code = parseInt(r[1]!, 16);
    for (const entry of r[3]!.matchAll(/<([^>]*)>/g)) {
      const units = entry[1]!
        .split(/\s+/)
        .filter(Boolean)
        .map((h) => parseInt(h, 16));
      map.set(code++, String.fromCharCode(...units));
    }
  }
  for (const c of cmap.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]{4,})>(?!\s*[<[])/gi))
    if (!map.has(parseInt(c[1]!, 16))) map.set(parseInt(c[1]!, 16), String.fromCharCode(parseInt(c[2]!, 16)));
  return map;
}

export interface PdfFacts {
  /** One line per text operator, in the order drawn. */
  text: string;
  /** The fonts' names as embedded (`CZZZZZ+DejaVuSans`), and any of the 14 standard fonts used. */
  fonts: string[];
}

export function readPdf(pdf: Buffer): PdfFacts {
  const objs = objects(pdf);
  const fontByName = new Map<string, { map?: Map<number, string>; name: string }>();
  for (const o of objs.values()) {
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(o.dict)?.[1];
    if (!fontDict) continue;
    for (const f of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(f[2]))?.dict ?? '';
      const name = /\/BaseFont\s*\/([^\s/]+)/.exec(font)?.[1] ?? '?';
      const cmapRef = /\/ToUnicode\s+(\d+) 0 R/.exec(font)?.[1];
      const cmap = cmapRef ? objs.get(Number(cmapRef))?.stream : undefined;
      fontByName.set(f[1]!, { name, ...(cmap ? { map: toUnicode(cmap) } : {}) });
    }
  }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream || !/\bBT\b/.test(o.stream)) continue;
    let font: { map?: Map<number, string> } | undefined;
    for (const op of o.stream.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
      if (op[1]) {
        font = fontByName.get(op[1]);
        continue;
      }
      const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!) : [op[3]!];
      const decoded = hexes.map((hex) => {
        if (font?.map) {
          let out = '';
          for (let i = 0; i < hex.length; i += 4) out += font.map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '';
          return out;
        }
        return Buffer.from(hex, 'hex').toString('latin1');
      });
      lines.push(decoded.join(''));
    }
  }
  return { text: lines.join('\n'), fonts: [...new Set([...fontByName.values()].map((f) => f.name))] };
}
