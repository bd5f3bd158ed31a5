// The safety-net worklist's public face for other modules (the email digest uses siteWorklist).
export { worklist, isMine, byPriority } from './rules.ts';
export { siteWorklist, worklistFor, myHighSeverityCount } from './service.ts';
export { DEFAULT_THRESHOLDS, thresholdsOf } from './thresholds.ts';
export {
  WORKLIST_RULES,
  RULE_TITLES,
  type WorklistItem,
  type WorklistRule,
  type Severity,
  type WorklistState,
} from './types.ts';
