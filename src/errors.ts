/**
 * One table of error codes for the whole widget, and one mapping from what a server answered to a code.
 * Codes are public API: stable strings that applications switch on.
 */
import { en, type Strings } from './i18n/en.js';

export type UploadErrorCode =
  | 'invalid-session'
  | 'session-request-failed'
  | 'invalid-file-type'
  | 'empty-file'
  | 'file-too-large'
  | 'no-upload-server'
  | 'method-not-allowed'
  | 'rate-limited'
  | 'token-invalid'
  | 'token-video-mismatch'
  | 'token-client-mismatch'
  | 'network'
  | 'server-error'
  | 'aborted'
  | 'invalid-url'
  | 'import-failed'
  | 'upload-expired'
  | 'upload-forbidden'
  | 'resume-file-mismatch'
  | 'resume-file-unavailable';

/** Codes of what goes wrong after the bytes are up (processing-error event). */
export type ProcessingErrorCode = 'processing-failed' | 'status-request-failed' | 'playback-failed';

/** A part loaded on first use (poller, player, hls.js, a language's texts) could not be loaded (`error` event). */
export type LoadErrorCode = 'asset-load-failed';

/** A video's details (`details`, issue #18): a poster or subtitle file refused in the page, or a save that failed (`details-error` event). */
export type DetailsErrorCode = 'invalid-poster' | 'poster-too-large' | 'invalid-subtitle' | 'subtitle-too-large' | 'details-save-failed';

export type ErrorCode = UploadErrorCode | ProcessingErrorCode | LoadErrorCode | DetailsErrorCode;

/** Whether trying the same thing again may succeed. */
const RETRYABLE: Record<ErrorCode, boolean> = {
  'invalid-session': false,
  'session-request-failed': true,
  'invalid-file-type': false,
  'empty-file': false,
  'file-too-large': false,
  'no-upload-server': true,
  'method-not-allowed': false,
  'rate-limited': true,
  'token-invalid': false,
  'token-video-mismatch': false,
  'token-client-mismatch': false,
  network: true,
  'server-error': true,
  aborted: false,
  'invalid-url': false,
  'import-failed': true,
  'upload-expired': false,
  'upload-forbidden': false,
  'resume-file-mismatch': false,
  'resume-file-unavailable': false,
  'processing-failed': false,
  'status-request-failed': true,
  'playback-failed': true,
  'asset-load-failed': true,
  'invalid-poster': false,
  'poster-too-large': false,
  'invalid-subtitle': false,
  'subtitle-too-large': false,
  'details-save-failed': true,
};

/**
 * What each code's error may say more precisely: its `reason`s, and the values each reason's sentence
 * takes from `params` (in this order). The sentences themselves are in src/i18n/ (`errors`, `errorReasons`).
 * `params.detail` is for developers only: added to the English `message`, never shown in the UI.
 */
export const ERROR_REASONS = {
  'invalid-session': {
    'not-json': [],
    'not-object': [],
    'no-token': [],
    'no-video': [],
    'no-video-id': [],
    'no-client-id': [],
    'no-servers': [],
    'no-active-server': [],
    'bad-status-url': [],
    'no-source': [],
  },
  'session-request-failed': { unreachable: [], refused: ['status'], thrown: [] },
  'invalid-file-type': { manifest: [] },
  'import-failed': { unreachable: [], 'no-id': [], 'no-route': [] },
  'status-request-failed': { refused: ['status'], repeated: ['count'], 'not-video': [] },
  aborted: { 'nothing-to-retry': [] },
  'invalid-poster': { type: [], unreadable: [], refused: [] },
  'poster-too-large': { file: [], frame: [] },
  'invalid-subtitle': { 'file-type': [], encoding: ['line'], empty: [], 'no-header': ['line'], 'cue-number': ['line'], timing: ['line'], 'no-cues': [], refused: [] },
  'subtitle-too-large': { file: [] },
  'details-save-failed': { unreachable: [], refused: ['status'], 'no-edit-url': [], expired: [], 'rate-limited': [] },
} as const satisfies Partial<Record<ErrorCode, Record<string, readonly string[]>>>;

type Reasons = typeof ERROR_REASONS;
/** Every reason of every code. */
export type ErrorReason = { [C in keyof Reasons]: keyof Reasons[C] }[keyof Reasons];

export interface ErrorParams {
  reason?: ErrorReason;
  /** For developers: what exactly failed (added to `message`, not shown in the UI). */
  detail?: string;
  [value: string]: string | number | undefined;
}

/** The sentence for an error in a strings table (the UI's language): its reason's, else its code's. */
export function errorText(strings: Pick<Strings, 'errors' | 'errorReasons'>, error: { code: ErrorCode; params?: Readonly<ErrorParams> }): string {
  const params = error.params ?? {};
  const reasons = ERROR_REASONS[error.code as keyof Reasons] as Record<string, readonly string[]> | undefined;
  const names = params.reason !== undefined ? reasons?.[params.reason] : undefined;
  const entry = names && (strings.errorReasons as Record<string, Record<string, unknown>>)[error.code]?.[params.reason!];
  if (typeof entry === 'function') return entry(...names!.map((n) => params[n]));
  if (typeof entry === 'string') return entry;
  return strings.errors[error.code];
}

/** The English sentence for each code (`message`); the UI shows the page's language (errorText). */
export const ERROR_MESSAGES: Record<ErrorCode, string> = en.errors;

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number;
  retryable: boolean;
}

/** The error every public promise rejects with. Its `message` is English, for developers; UIs render `code` and `params`. */
export class GcoreUploaderError extends Error implements ErrorDetail {
  override name = 'GcoreUploaderError';
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  /** What the server said, when it said something (e.g. `token invalid (null)`). */
  readonly serverMessage?: string;
  /** What the error is about: `reason` (see ERROR_REASONS) and its values; `asset` for `asset-load-failed`. */
  readonly params: Readonly<ErrorParams>;

  constructor(code: ErrorCode, options: { status?: number; serverMessage?: string; cause?: unknown; params?: ErrorParams } = {}) {
    const params = { ...options.params, ...(options.status !== undefined && options.params?.status === undefined ? { status: options.status } : {}) };
    const text = errorText(en, { code, params });
    super(params.detail ? `${text} (${params.detail})` : text, { cause: options.cause });
    this.code = code;
    this.params = params;
    this.status = options.status;
    this.serverMessage = options.serverMessage;
    this.retryable = code === 'server-error' && options.status !== undefined && options.status < 500 ? false : RETRYABLE[code];
  }

  toDetail(): ErrorDetail {
    return { code: this.code, message: this.message, status: this.status, retryable: this.retryable };
  }

  /**
   * Whether `e` is a GcoreUploaderError, from this copy of the class or another one: the CDN file and
   * each part it loads next to it (`upload.mjs`, `status.mjs`, `player.mjs`) are separate bundles with
   * classes of their own, so `instanceof` does not tell across them. Checks the brand: `name` and a string `code`.
   */
  static is(e: unknown): e is GcoreUploaderError {
    return isUploaderError(e);
  }
}

/** Whether `e` is a GcoreUploaderError of any bundle (see `GcoreUploaderError.is`). */
export function isUploaderError(e: unknown): e is GcoreUploaderError {
  const x = e as { name?: unknown; code?: unknown } | null;
  return e instanceof GcoreUploaderError || (typeof x === 'object' && x !== null && x.name === 'GcoreUploaderError' && typeof x.code === 'string');
}

// Gcore's texts (seed 001): "token invalid (…)", "token video (X) does not match this video (Y)",
// "token client (X) does not match this client (Y)". Matched anywhere in the body, whatever wraps it.
const TOKEN_TEXTS: Array<[RegExp, UploadErrorCode]> = [
  [/token invalid\b/i, 'token-invalid'],
  [/token video \(.*?\) does not match this video/i, 'token-video-mismatch'],
  [/token client \(.*?\) does not match this client/i, 'token-client-mismatch'],
];

/**
 * The code for an answer of Gcore's upload server. `status` is 0 (or undefined) when no answer arrived.
 */
export function codeForUploadResponse(status: number | undefined, body = ''): UploadErrorCode {
  if (!status) return 'network';
  for (const [pattern, code] of TOKEN_TEXTS) if (pattern.test(body)) return code;
  if (status === 401 || status === 403) return 'upload-forbidden';
  if (status === 404 || status === 410) return 'upload-expired';
  if (status === 405) return 'method-not-allowed';
  if (status === 429) return 'rate-limited';
  return 'server-error';
}

export { isRetryableUploadResponse } from './core/policy/retry.js';

/** Minimal view of tus-js-client's DetailedError, so this module needs no tus import. */
interface TusLikeError {
  message?: string;
  originalRequest?: unknown;
  originalResponse?: { getStatus(): number; getBody(): string | undefined } | null;
}

/** The `asset-load-failed` error in `err` or among its causes, if a lazy part's loading is what failed. */
export function assetFailure(err: unknown): GcoreUploaderError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isUploaderError(e) && e.code === 'asset-load-failed') return ownError(e);
  }
  return null;
}

/** A GcoreUploaderError of another bundle as one of this bundle's class (same code, params, status, cause). */
function ownError(e: GcoreUploaderError): GcoreUploaderError {
  if (e instanceof GcoreUploaderError) return e;
  const { code, status, serverMessage, cause, params } = e as GcoreUploaderError;
  return new GcoreUploaderError(code, { status, serverMessage, cause, params: { ...params } });
}

/** Maps whatever tus-js-client (or our own code, of any bundle) threw into a GcoreUploaderError of this bundle. */
export function toUploaderError(err: unknown): GcoreUploaderError {
  if (isUploaderError(err)) return ownError(err);
  const tusErr = err as TusLikeError;
  const response = tusErr?.originalResponse ?? null;
  const status = response ? response.getStatus() : undefined;
  const body = response ? (response.getBody() ?? '') : '';
  const code = codeForUploadResponse(status, body);
  const serverMessage = body.trim() || undefined;
  return new GcoreUploaderError(code, { status, serverMessage, cause: err });
}
