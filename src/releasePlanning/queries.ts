// compatibility for folders being moved; removed at merge
export { readinessOf as readinessFor } from './service.ts';
