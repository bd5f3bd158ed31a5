/**
 * Where to send a referral the site cannot take. PRODUCT.md: "a person in no group is not eligible
 * for ER (signpost: IIRMS where IIRMS-eligible, otherwise RECONNECT)"; "high / very high → signpost
 * to Enhanced RECONNECT where a site covers the area"; "Out-of-area releases hand over to the team
 * covering that area".
 */
import { sitesCovering } from '../../sites/policy.ts';
import type { ServiceModel, SiteDefinition } from '../../sites/policy.ts';
import { present } from './check.ts';
import type { RuleContext } from './check.ts';

export const IIRMS = 'Refer to IIRMS (the Intensive Intervention and Risk Management Service) for the area.';

function resettlementArea(ctx: RuleContext): string | undefined {
  return present(ctx.facts.custody?.resettlementArea);
}

function covering(ctx: RuleContext, model?: ServiceModel): SiteDefinition[] {
  const area = resettlementArea(ctx);
  if (!area) return [];
  return sitesCovering(area, ctx.allSites, ctx.now).filter(
    (site) => site.code !== ctx.site.code && (model === undefined || site.model === model),
  );
}

function referTo(ctx: RuleContext, sites: SiteDefinition[]): string[] {
  const area = resettlementArea(ctx) ?? '';
  return sites.map((site) => `Refer to ${site.name}, which covers ${area}.`);
}

/** For someone below ER's threshold: the RECONNECT site covering their area, or the local one. */
export function signpostReconnect(ctx: RuleContext): string[] {
  const sites = covering(ctx, 'RECONNECT');
  return sites.length > 0 ? referTo(ctx, sites) : ['Refer to the local RECONNECT service for the area.'];
}

/** For someone above RECONNECT's threshold: the ER site covering their area, else a conversation. */
export function signpostEnhancedReconnect(ctx: RuleContext): string[] {
  const sites = covering(ctx, 'ENHANCED_RECONNECT');
  return sites.length > 0 ? referTo(ctx, sites) : ['Discuss with the local Enhanced RECONNECT service or IIRMS.'];
}

/** For someone not in any ER priority group: IIRMS where IIRMS-eligible, otherwise RECONNECT. */
export function signpostNotInPriorityGroup(ctx: RuleContext): string[] {
  return ctx.facts.iirmsEligible === true ? [IIRMS] : signpostReconnect(ctx);
}

/** For someone resettling outside the catchment: every other site, of either model, covering the area. */
export function signpostOutOfArea(ctx: RuleContext): string[] {
  const sites = covering(ctx);
  if (sites.length > 0) return referTo(ctx, sites);
  return [
    `No site in this system covers ${resettlementArea(ctx) ?? 'that area'}: contact the RECONNECT or Enhanced RECONNECT team for the area the person is resettling to.`,
  ];
}
