// Worklist items as the API shows them (API.md "The safety-net worklist", plus `link`, `siteCode`,
// `reference`, `personName`, `leadWorkerId`, `ownerUserId`), and as the pages group them.
import { RULE_TITLES, WORKLIST_RULES, type WorklistItem, type WorklistRule } from './types.ts';

export function presentItem(i: WorklistItem) {
  return {
    rule: i.rule,
    severity: i.severity,
    message: i.message,
    referralId: i.referralId,
    ...(i.episodeId ? { episodeId: i.episodeId } : {}),
    dueAt: i.dueAt.toISOString(),
    link: i.link,
    siteCode: i.siteCode,
    reference: i.reference,
    personName: i.personName,
    ...(i.leadWorkerId ? { leadWorkerId: i.leadWorkerId } : {}),
    ...(i.ownerUserId ? { ownerUserId: i.ownerUserId } : {}),
  };
}

/** The manager's view: one group per rule that has items, in the order of API.md, with counts. */
export function groupByRule(
  items: readonly WorklistItem[],
): { rule: WorklistRule; title: string; count: number; high: number; items: WorklistItem[] }[] {
  return WORKLIST_RULES.map((rule) => {
    const of = items.filter((i) => i.rule === rule);
    return {
      rule,
      title: RULE_TITLES[rule],
      count: of.length,
      high: of.filter((i) => i.severity === 'high').length,
      items: of,
    };
  }).filter((g) => g.count > 0);
}
