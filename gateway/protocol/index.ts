export * from './scope.js';
export * from './events.js';
export * from './feeds.js';
export * from './summary.js';
export * from './socket.js';
export * from './errors.js';
export { TERMINAL_STATUSES, OPEN_STATUSES, isTerminalStatus, isOpenStatus } from './statuses.js';
export * from './time.js';
export * from './city.js';
