export { DatabaseUnavailableError, type Db, openDatabase, SQLITE_BUSY_TIMEOUT_MS } from './connect.js';
export { type Dialect, dialectOf } from './dialect.js';
export { skippingLockedRows } from './locking.js';
export { migrateToLatest } from './migrate.js';
export * from './schema.js';
export * from './schema-actions.js';
export * from './schema-delivery.js';
export * from './schema-imports.js';
export * from './schema-proof-of-work.js';
