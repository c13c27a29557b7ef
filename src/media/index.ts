export { mediaAdminRoutes } from './admin/routes.js';
export { mediaKey } from './content-key.js';
export type { PageRules } from './permissions.js';
export { findMedia, listDocuments, listImages, type MediaUse, mediaUses } from './queries.js';
export { mediaRoutes } from './routes.js';
export {
  AVIF_JOB,
  addDocument,
  addImage,
  deleteMedia,
  describeMedia,
  type ImageDetails,
  type MediaDeps,
  makeAvifVariants,
  mediaProblemsForPublishing,
  replaceMediaFile,
  uploadMedia,
} from './service.js';
export { checkUpload, sniff, UploadRefused } from './sniff.js';
export { storeDocument, storeImage, VARIANT_WIDTHS } from './storage.js';
export {
  type DocumentView,
  documentExtension,
  documentView,
  type ImageColumns,
  type ImageView,
  imageView,
} from './urls.js';
