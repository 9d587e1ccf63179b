/**
 * `gcore-uploader/core`: the uploader without a UI. DOM-free and Lit-free; runs in browsers and in Node 20+.
 *
 *   const uploader = createUploader({ sessionUrl: '/api/gcore/session' });
 *   uploader.on('upload-progress', ({ percent }) => console.log(percent));
 *   const id = uploader.add(file);
 *   const videoId = await uploader.settled(id);
 */
export { createUploader } from './uploader.js';
export { hasVideo, totalProgress } from './snapshot.js';
export type { Uploader, UploaderOptions, UploaderSnapshot, ItemSnapshot, UploaderListener } from './uploader.js';
export { UPLOADER_EVENTS, UPLOADER_EVENT_NAMES, eventPropName } from './events.js';
export type { UploaderEventDetails, UploaderEventName, UploaderEventMap, EventPropName, EventHandlerProps, DetailsSavedField } from './events.js';
export type { VideoDetailsFields, VideoDetailsField, SubtitleInput, GcoreSubtitle } from './details.js';
export { TRANSITIONS, ACTIVE_STATES, transition, uploaderState, asUploaderState, TransitionError } from './machine.js';
export type { ItemState, UploaderState } from './machine.js';
export { DELAYS, POLL_MAX_FAILURES, isRetryableUploadResponse, pollDelay, tusDelays } from './policy/retry.js';
export { defaultResumeStore, memoryStore, fingerprintFile, type ResumeStore, type FileMeta } from './resume/store.js';
export type { ResumePolicy, SessionSource, PreviousUploadInfo, UploadStartInfo } from './job.js';
export { DEFAULT_CHUNK_SIZE, type ChunkSizeSetting } from './chunking.js';
export { DEFAULT_CHUNK_TARGET_SECONDS, DEFAULT_MIN_CHUNK_SIZE, DEFAULT_MAX_CHUNK_SIZE } from './policy/chunk-defaults.js';
export { checkLink } from './link.js';
export type { UploadInput, FileOptions, FileHandleLike } from './source.js';
export type { UnfinishedUpload, UnfinishedSource, ResumeScope, OtherTabProgress } from './resume/types.js';
export { GcoreUploaderError, isUploaderError, type ErrorCode, type UploadErrorCode, type ProcessingErrorCode, type DetailsErrorCode, type ErrorDetail } from '../errors.js';
export type { GcoreUploadSession, GcoreUploadServer } from '../session.js';
export type { GcoreVideo, GcoreVideoStatus, GcoreConvertedVideo } from '../status/video.js';
export type { UploadProgress } from './progress.js';
