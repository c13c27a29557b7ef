export { newsroomAdminRoutes, newsroomJobs } from './admin/routes.js';
export { taxonomyAdminRoutes } from './admin/taxonomy.js';
export { keys } from './models.js';
export { paths } from './paths.js';
export { newsroomRoutes } from './routes.js';
export { seoRoutes } from './seo-routes.js';
export type { NewsroomDeps } from './service.js';
export * as newsroomService from './service.js';
export { TypeLabel } from './views/items.js';
