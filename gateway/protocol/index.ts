export * from './scope.js';
export * from './events.js';
export * from './feeds.js';
export * from './summary.js';
export * from './socket.js';
export * from './errors.js';
