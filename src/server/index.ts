/**
 * `gcore-uploader/server`: the backend half of `<gcore-uploader>`. It holds your Gcore API key, so it
 * is for server code only (Node 20+, or any runtime with fetch, Request, Response and Web Crypto);
 * never import it from code that runs in a browser.
 *
 *   import { createUploadHandler, toNodeHandler } from 'gcore-uploader/server';
 *   const handler = createUploadHandler({
 *     apiKey: process.env.GCORE_API_KEY, secret: process.env.UPLOAD_SECRET,
 *     authorize: async (request) => Boolean(await getSession(request.headers.get('cookie'))), // who may upload
 *   });
 *   app.use('/api/gcore', toNodeHandler(handler));            // Express
 *   export { handler as GET, handler as POST, handler as PATCH }; // Next.js app/api/gcore/[...path]/route.ts
 */

// A browser bundle that pulls this module in would ship the code that handles your API key: refuse.
if (
  typeof (globalThis as { window?: unknown }).window !== 'undefined' &&
  typeof (globalThis as { document?: unknown }).document !== 'undefined' &&
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string'
) {
  throw new Error('gcore-uploader/server is server-only: it handles your Gcore API key and must not be imported by browser code.');
}

export {
  createGcoreClient,
  GcoreApiError,
  parseRetryAfter,
  BATCH_MAX,
  DEFAULT_BASE_URL,
  type GcoreClient,
  type GcoreClientOptions,
  type RetryOptions,
  type CallOptions,
} from './client.js';
export { gcoreErrorText, redactSecrets } from './redact.js';
export type {
  GcoreVideo,
  GcoreVideoStatus,
  CreateVideoInput,
  ImportVideoInput,
  BatchVideoInput,
  GcoreSubtitle,
  GcoreSubtitleInput,
  GcoreUploadServerInfo,
  GcoreUploadSessionInfo,
} from './gcore-types.js';
export {
  createUploadHandler,
  DEFAULT_TIMEOUT_MS,
  type UploadHandler,
  type UploadHandlerOptions,
  type SessionRequest,
  type ImportRequest,
  type VideoDefaults,
  type VideoOption,
} from './handler.js';
export type { AutoCaptionsOption, AutoCaptionsPolicy } from './routes/captions.js';
export { isValidHost } from './guards/host.js';
export { MAX_BODY_BYTES, DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_CONCURRENT_BODIES } from './guards/body.js';
export {
  EDITABLE_VIDEO_FIELDS,
  MAX_DESCRIPTION_LENGTH,
  MAX_EDIT_BODY_BYTES,
  MAX_POSTER_BYTES,
  MAX_SUBTITLE_BODY_BYTES,
  MAX_SUBTITLE_BYTES,
} from './guards/edit-input.js';
export { importUrlProblem, checkImportUrl, cleanVideoName, MAX_NAME_LENGTH, MAX_URL_LENGTH, MAX_TYPE_LENGTH, DEFAULT_MAX_UPLOAD_BYTES } from './guards/input.js';
export { pickVideoFields, VIDEO_FIELDS, EDIT_VIDEO_FIELDS, SUBTITLE_FIELDS } from './routes/gcore.js';
export {
  addressKey,
  clientAddress,
  setClientAddress,
  DEFAULT_RATE_LIMIT,
  type ClientKey,
  type RateLimitOptions,
} from './guards/rate-limit.js';
export {
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  REDIS_RATE_LIMIT_SCRIPT,
  type RateLimitRule,
  type RateLimitResult,
  type RateLimitStore,
  type NodeRedisLikeClient,
  type IoRedisLikeClient,
} from './guards/rate-limit-store.js';
export { toNodeHandler, type NodeHandler, type NodeHandlerOptions, type NodeLikeRequest, type NodeLikeResponse, type NodeNext } from './node.js';
export {
  signStatusUrl,
  signVideoStatus,
  verifyStatusSignature,
  signEditUrl,
  signVideoEdit,
  verifyEditSignature,
  DEFAULT_STATUS_TTL_SECONDS,
  DEFAULT_EDIT_TTL_SECONDS,
  MIN_SECRET_LENGTH,
  type SignOptions,
  type SignatureCheck,
  type SignaturePurpose,
} from './signing.js';
