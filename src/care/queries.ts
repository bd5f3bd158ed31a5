// compatibility for folders being moved; removed at merge
export { nextActionsFor, type NextAction } from './planRepository.ts';
