export { newsroomAdminRoutes, newsroomJobs } from './admin/routes.js';
export { pageRules } from './admin/service.js';
export { taxonomyAdminRoutes } from './admin/taxonomy.js';
export { keys } from './models.js';
export { paths } from './paths.js';
export { newsroomRoutes } from './routes.js';
export { seoRoutes } from './seo-routes.js';
export { countryLinksOfArticles, type NewsroomDeps } from './service.js';
export { TypeLabel } from './views/items.js';
