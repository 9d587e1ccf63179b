/**
 * The upload engine: tus-js-client, the upload job and the resume store. Not needed for the first
 * render, only once a file is chosen: loaded on first use (lazy.ts `loadUploadEngine`), as a chunk of
 * its own in the ESM build and as `upload.mjs` next to the CDN file. The element starts loading it
 * early (when it connects, on idle; at the latest on drag-enter, on opening the picker and on `add()`).
 */
export { UploadJob } from './job.js';
export { defaultResumeStore, TokenFreeUrlStorage } from './resume/store.js';
export { fileStore } from './resume/files.js';
export { keptFile } from './resume/kept.js';
export { discardUpload, listUnfinished } from './resume/unfinished.js';
export { unfinishedActions } from './unfinished-actions.js';
