// Wire protocol v3, shared by the server (Node) and the client library (browser).
// See docs/protocol.md for the prose description with one example per message.
export * from './limits.js';
export * from './error-codes.js';
export * from './signal-data.js';
export * from './ids.js';
export * from './names.js';
export * from './room-controls.js';
export * from './room-mode.js';
export * from './app-data.js';
export * from './sfu-messages.js';
export * from './sdp-origin.js';
export * from './telemetry.js';
export * from './admin-api.js';
export * from './client-messages.js';
export * from './server-messages.js';
export * from './decode.js';
export * from './decode-warmup.js';
