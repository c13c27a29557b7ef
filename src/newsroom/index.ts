export { newsroomJobs } from './admin/jobs.js';
export { newsroomAdminRoutes } from './admin/routes.js';
export { pageRules } from './admin/service.js';
export { taxonomyAdminRoutes } from './admin/taxonomy.js';
export { followTargets } from './follow-targets.js';
export { draftGoodNews, type GoodNewsDraft, type GoodNewsOutcome } from './good-news.js';
export { listedItemsCache } from './listed-items.js';
export {
  type ArticleRef,
  type ArticleSection,
  articleRefIn,
  articleRefs,
  type CaseRef,
  caseRefs,
  type SubjectSection,
  setReference,
} from './lookups.js';
export { keys } from './models.js';
export { paths } from './paths.js';
export { isPublished, type PublishedHook, type PublishedItem } from './published.js';
export { newsroomRoutes } from './routes.js';
export { seoRoutes } from './seo-routes.js';
export { countryLinksOfArticles, type NewsroomDeps } from './service.js';
export { keptNamesCache, type Names, namesFor } from './taxonomy-names.js';
export { TypeLabel } from './views/items.js';
