// Which handovers go where (rules.ts), table-driven; each row cites its source.
import { describe, expect, it } from 'vitest';
import { closureReasonFor, handoverRefusal, kindBetween, type HandoverKind, type SiteFacts } from './rules.ts';

const HAMPSHIRE: SiteFacts = { code: 'reconnect-hampshire', name: 'RECONNECT Hampshire', model: 'RECONNECT' };
const EAST: SiteFacts = { code: 'reconnect-east-of-england', name: 'RECONNECT East of England', model: 'RECONNECT' };
const BIRMINGHAM: SiteFacts = {
  code: 'er-birmingham-solihull',
  name: 'Enhanced RECONNECT Birmingham and Solihull',
  model: 'ENHANCED_RECONNECT',
};
const LANCASHIRE: SiteFacts = {
  code: 'er-lancashire-cumbria',
  name: 'Enhanced RECONNECT Lancashire and Cumbria',
  model: 'ENHANCED_RECONNECT',
};

const P4 = 'PRODUCT.md step 4: "Step up (RECONNECT → ER) and step down"';
const P6 = 'PRODUCT.md step 6: "Out-of-area releases hand over to the team covering that area"';
const I4 = 'issue 4: transfer to another site (moved out of area)';

const rows: { source: string; kind: HandoverKind; from: SiteFacts; to: SiteFacts; refusal: RegExp | null }[] = [
  { source: P4, kind: 'step_up', from: HAMPSHIRE, to: BIRMINGHAM, refusal: null },
  { source: P4, kind: 'step_up', from: LANCASHIRE, to: BIRMINGHAM, refusal: /step up goes from a RECONNECT team/ },
  { source: P4, kind: 'step_up', from: HAMPSHIRE, to: EAST, refusal: /RECONNECT to RECONNECT/ },
  { source: P4, kind: 'step_down', from: LANCASHIRE, to: EAST, refusal: null },
  {
    source: P4,
    kind: 'step_down',
    from: HAMPSHIRE,
    to: EAST,
    refusal: /step down goes from an Enhanced RECONNECT team/,
  },
  { source: I4, kind: 'transfer', from: HAMPSHIRE, to: EAST, refusal: null },
  { source: I4, kind: 'transfer', from: LANCASHIRE, to: BIRMINGHAM, refusal: null },
  {
    source: `${I4}; a change of model is a step`,
    kind: 'transfer',
    from: HAMPSHIRE,
    to: BIRMINGHAM,
    refusal: /ask for a step up instead/,
  },
  {
    source: `${I4}; a change of model is a step`,
    kind: 'transfer',
    from: BIRMINGHAM,
    to: EAST,
    refusal: /ask for a step down instead/,
  },
  { source: P6, kind: 'out_of_area', from: LANCASHIRE, to: HAMPSHIRE, refusal: null },
  { source: P6, kind: 'out_of_area', from: HAMPSHIRE, to: EAST, refusal: null },
  { source: 'nobody hands over to their own team', kind: 'out_of_area', from: EAST, to: EAST, refusal: /own team/ },
  {
    source: 'nobody hands over to their own team',
    kind: 'transfer',
    from: BIRMINGHAM,
    to: BIRMINGHAM,
    refusal: /own team/,
  },
];

describe('handoverRefusal', () => {
  it.each(rows.map((r) => [`${r.kind} ${r.from.code} → ${r.to.code} (${r.source})`, r] as const))('%s', (_name, r) => {
    const refusal = handoverRefusal(r.kind, r.from, r.to);
    if (r.refusal === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(r.refusal);
  });
});

describe('closureReasonFor (issue 4: "Closure codes include moved_and_transferred and stepped_up_or_down")', () => {
  it.each([
    ['transfer', 'moved_and_transferred'],
    ['out_of_area', 'moved_and_transferred'],
    ['step_up', 'stepped_up_or_down'],
    ['step_down', 'stepped_up_or_down'],
  ] as const)('%s closes the sending episode as %s', (kind, reason) => {
    expect(closureReasonFor(kind)).toBe(reason);
  });
});

describe('kindBetween', () => {
  it('names the move between two models', () => {
    expect(kindBetween('RECONNECT', 'ENHANCED_RECONNECT')).toBe('step_up');
    expect(kindBetween('ENHANCED_RECONNECT', 'RECONNECT')).toBe('step_down');
    expect(kindBetween('RECONNECT', 'RECONNECT')).toBe('transfer');
  });
});
