/** The V8 flags of bin/candle.mjs's first line, for benches that start Candle as `npm start` does. */
export const CANDLE_NODE_FLAGS: string[];
/** The V8 flags of bin/candle-worker.mjs's first line, for benches that start a worker. */
export const CANDLE_WORKER_NODE_FLAGS: string[];
