/**
 * gcore-uploader: `<gcore-uploader>` and its public types. Importing this module defines the element.
 */
import { GcoreUploader } from './gcore-uploader.js';

export { GcoreUploader };
export type { UploaderState, GcoreUploaderElementEventMap, DetailsPrefill } from './gcore-uploader.js';
export type { VideoDetailsFields, SubtitleInput, GcoreSubtitle } from './core/details.js';
export * from './events.js';
export { GcoreUploaderError, isUploaderError, ERROR_MESSAGES, type ErrorCode, type UploadErrorCode, type ProcessingErrorCode, type DetailsErrorCode, type ErrorDetail } from './errors.js';
export { DEFAULT_ACCEPT, GCORE_VIDEO_EXTENSIONS, checkFile } from './file-check.js';
export { parseSession, uploadEndpoints, type GcoreUploadSession, type GcoreUploadServer, type GetSession, type SessionRequestBody } from './session.js';
export type { UploadProgress } from './core/progress.js';
export type { ResumePolicy } from './core/job.js';
export { DEFAULT_CHUNK_SIZE, type ChunkSizeSetting } from './core/chunking.js';
export { DEFAULT_CHUNK_TARGET_SECONDS, DEFAULT_MIN_CHUNK_SIZE, DEFAULT_MAX_CHUNK_SIZE } from './core/policy/chunk-defaults.js';
export { DEFAULT_RETRY_DELAYS } from './core/policy/retry.js';

export const TAG_NAME = 'gcore-uploader';

/** Defines `<gcore-uploader>` unless something already did. Safe to call in Node (no-op without a DOM). */
export function defineGcoreUploader(tagName = TAG_NAME): void {
  if (typeof customElements === 'undefined' || customElements.get(tagName)) return;
  customElements.define(tagName, tagName === TAG_NAME ? GcoreUploader : class extends GcoreUploader {});
}

defineGcoreUploader();
