// The buildings.bin format lives with the protocol: the gateway serves it (GET /api/buildings)
// and the screen's sandbox decodes it with the same code.
export * from '../gateway/protocol/buildings-format.js';
