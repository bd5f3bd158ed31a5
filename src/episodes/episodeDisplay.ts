// compatibility for folders being moved; removed at merge
export { worksAt as canWorkAt } from '../access/roles.ts';
export { STATUS_TEXT, releaseText } from './presenter.ts';
export { referralNames, staffOf, userNames } from './repository.ts';
export const STAFF_ROLES: string[] = ['practitioner', 'manager'];
