// The screen's one window onto the wire contract: types only (plus the pure scope helpers).
export type {
  EventView,
  EventStatus,
  AlertView,
  Urgency,
  ScopeSummary,
  ScreenAuth,
  ScreenHello,
  ScreenServerToClient,
  ScreenClientToServer,
  ErrorBody,
} from '../../../gateway/protocol/index.js';
export { levelOf, scopeContains, narrowScope, ancestorAt, selfAndAncestors, parentOf } from '../../../gateway/protocol/scope.js';
export { EVENT_STATUSES, TERMINAL_STATUSES, OPEN_STATUSES, isTerminalStatus, isOpenStatus } from '../../../gateway/protocol/statuses.js';
export { CITY_TIME_ZONE } from '../../../gateway/protocol/time.js';
export type { AreaLevel } from '../../../gateway/protocol/scope.js';
