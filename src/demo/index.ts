export { isEmpty, loadDemo, type SeedDeps } from './seed.js';
