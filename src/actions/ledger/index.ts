export type { LedgerAttachment, LedgerEvents, LedgerMedia } from './deps.js';
export { ledgerImpactSources } from './impact.js';
export { ledgerAfter, ledgerSubjectSection } from './public.js';
export { ledgerAdminRoutes } from './routes.js';
