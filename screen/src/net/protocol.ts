// The screen's one window onto the wire contract: types (plus zod-free constants and pure
// helpers), so the schema library stays out of the bundle.
export type * from '../../../gateway/protocol/index.js';
export type * from '../../../gateway/protocol/rest.js';
export type * from '../../../gateway/protocol/layout-editor.js';
export { levelOf, scopeContains, narrowScope, ancestorAt, selfAndAncestors, parentOf } from '../../../gateway/protocol/scope.js';
export { EVENT_STATUSES, TERMINAL_STATUSES, OPEN_STATUSES, isTerminalStatus, isOpenStatus } from '../../../gateway/protocol/statuses.js';
export { ROLES, isRole, type Role } from '../../../gateway/protocol/roles.js';
export { CITY_TIME_ZONE } from '../../../gateway/protocol/time.js';
export { isErrorBody, socketErrorBody, type ErrorBody, type ErrorCode } from '../../../gateway/protocol/error-codes.js';
export type * from '../../../gateway/protocol/layout.js';
export { DEFAULT_LAYOUT_BY_TIER, tierAllows, tierOfLevel, type TierName } from '../../../gateway/protocol/layout-tiers.js';
