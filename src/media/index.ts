export { findMedia, listImages } from './queries.js';
export { mediaRoutes } from './routes.js';
export { addDocument, addImage, type ImageDetails, type MediaDeps } from './service.js';
export { storeDocument, storeImage, VARIANT_WIDTHS } from './storage.js';
export { type DocumentView, documentExtension, documentView, type ImageView, imageView } from './urls.js';
