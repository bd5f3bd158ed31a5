/**
 * Whether the release destination lies in the site's catchment and, if not, which Reconnect team covers it.
 * Seed 002: "On both occasions he was released to the same out of area location, away from his hometown
 * and support networks" and "Out of area releases can make planning more difficult"; PRODUCT.md:
 * "Out-of-area releases hand over to the team covering that area". Pure: `now` picks the policies in force.
 * The local authority is what is matched (policy.ts inCatchment accepts places within it too).
 */
import { inCatchment, policyInForce, sitesCovering, type SiteDefinition } from '../sites/policy.ts';
import type { ReleasePlan } from './types.ts';

export type DestinationCoverage =
  | { kind: 'unknown'; text: string }
  | { kind: 'in_catchment'; text: string }
  | { kind: 'covered_by'; sites: { code: string; name: string }[]; text: string }
  | { kind: 'no_site'; text: string };

export function destinationCoverage(
  destination: ReleasePlan['destination'],
  site: SiteDefinition,
  allSites: readonly SiteDefinition[],
  now: Date,
): DestinationCoverage {
  if (!destination?.localAuthority) return { kind: 'unknown', text: 'No release address recorded yet' };
  const area = destination.localAuthority;
  const policy = policyInForce(site, now);
  if (policy && inCatchment(policy, area)) return { kind: 'in_catchment', text: `${area} is in ${site.name}’s area` };
  const others = sitesCovering(
    area,
    allSites.filter((s) => s.code !== site.code),
    now,
  );
  if (others.length) {
    const names = others.map((s) => s.name);
    return {
      kind: 'covered_by',
      sites: others.map((s) => ({ code: s.code, name: s.name })),
      text: `Out of area: ${area} is covered by ${names.join(' and ')}. Hand over to them before release.`,
    };
  }
  return {
    kind: 'no_site',
    text: `Out of area: no Reconnect team covers ${area}. Contact the local community services.`,
  };
}
