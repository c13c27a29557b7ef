export { actionsAccess } from './access.js';
export { BOUNCE_HOOK_PATH, bounceRoutes, bounceSignature } from './bounce-routes.js';
export { actionChannelRoutes } from './channel-routes.js';
export { countsChanged, countsJobs, countsRoutes } from './counts.js';
export type { ImpactSources } from './impact-slots.js';
export {
  type LedgerAttachment,
  type LedgerEvents,
  type LedgerMedia,
  ledgerAdminRoutes,
  ledgerAfter,
  ledgerImpactSources,
  ledgerSubjectSection,
} from './ledger/index.js';
export { type ArticleRef, type CaseRef, keys as actionKeys, type Newsroom } from './newsroom.js';
export { actionsPublicRoutes, type TakingRouteDeps } from './public-routes.js';
export { supporterRightsRoutes } from './rights-routes.js';
export { actionItemExtras, actionSection, actionsAdminRoutes, actionsJobs } from './routes.js';
export { type ActionsDeps, DEADLINE_JOB, numberOnPublish } from './service.js';
export { type BounceOutcome, describeOutcome, recordBounce } from './taking/bounces.js';
export type { TakenAction } from './taking/deps.js';
export { scheduleTakingJobs, takingJobs } from './taking/jobs.js';
export { supportersPersonalData } from './taking/rights.js';
export { thanksRoutes } from './thanks-route.js';
export { CountMeForm, DetailChoice, EmailForm, ProofOfWorkFiles } from './views/take-action.js';
