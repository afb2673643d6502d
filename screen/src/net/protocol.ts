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
export { levelOf, scopeContains, narrowScope } from '../../../gateway/protocol/scope.js';
export { EVENT_STATUSES } from '../../../gateway/protocol/statuses.js';
export type { AreaLevel } from '../../../gateway/protocol/scope.js';
