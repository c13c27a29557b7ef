export type { SearchEngine } from './engine.js';
export { progressBar, reindexSearch } from './reindex.js';
export { searchRoutes } from './routes.js';
export { searchArchive, searchEngine } from './service.js';
