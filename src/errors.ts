/**
 * One table of error codes for the whole widget, and one mapping from what a server answered to a code.
 * Codes are public API: stable strings that applications switch on.
 */

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
  | 'import-failed';

/** Codes of what goes wrong after the bytes are up (processing-error event). */
export type ProcessingErrorCode = 'processing-failed' | 'status-request-failed' | 'playback-failed';

/** A part loaded on first use (poller, player, hls.js, a language's texts) could not be loaded (`error` event). */
export type LoadErrorCode = 'asset-load-failed';

export type ErrorCode = UploadErrorCode | ProcessingErrorCode | LoadErrorCode;

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
  'processing-failed': false,
  'status-request-failed': true,
  'playback-failed': true,
  'asset-load-failed': true,
};

/** The English sentence for each code; the UI may show a localized one instead. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  'invalid-session': 'The upload session from the server is not valid, so the upload cannot start.',
  'session-request-failed': 'Could not get an upload session from the server.',
  'invalid-file-type': 'This file type cannot be uploaded. Choose a video file such as MP4, MOV, MKV or WebM.',
  'empty-file': 'This file is empty.',
  'file-too-large': 'This file is larger than the maximum allowed size.',
  'no-upload-server': 'None of the upload servers could be reached.',
  'method-not-allowed': 'The upload server refused to create the upload (HTTP 405). Check the upload parameters.',
  'rate-limited': 'The upload server is receiving too many requests. Try again in a moment.',
  'token-invalid': 'The upload token is invalid or has expired. Request a new upload session.',
  'token-video-mismatch': 'The upload token was issued for a different video.',
  'token-client-mismatch': 'The upload token was issued for a different account.',
  network: 'The connection to the upload server was lost.',
  'server-error': 'The upload server answered with an error.',
  aborted: 'The upload was cancelled.',
  'invalid-url': 'Enter an http(s) or sftp link to a video file.',
  'import-failed': 'The server could not start the import from this link.',
  'processing-failed': 'The video could not be processed.',
  'status-request-failed': 'Could not get the status of the video from the server.',
  'playback-failed': 'The preview could not be played.',
  'asset-load-failed': 'A part of the uploader could not be loaded. Check the connection and reload the page.',
};

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  /** HTTP status of the answer that caused the error, when there was one. */
  status?: number;
  retryable: boolean;
}

/** The error every public promise rejects with. */
export class GcoreUploaderError extends Error implements ErrorDetail {
  override name = 'GcoreUploaderError';
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  /** What the server said, when it said something (e.g. `token invalid (null)`). */
  readonly serverMessage?: string;
  /** Values the error is about (`asset` for `asset-load-failed`: the file that could not be loaded). */
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    code: ErrorCode,
    options: { message?: string; status?: number; serverMessage?: string; cause?: unknown; params?: Record<string, string | number> } = {},
  ) {
    super(options.message ?? ERROR_MESSAGES[code], { cause: options.cause });
    this.code = code;
    this.params = options.params ?? {};
    this.status = options.status;
    this.serverMessage = options.serverMessage;
    this.retryable = code === 'server-error' && options.status !== undefined && options.status < 500 ? false : RETRYABLE[code];
  }

  toDetail(): ErrorDetail {
    return { code: this.code, message: this.message, status: this.status, retryable: this.retryable };
  }
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
  if (status === 405) return 'method-not-allowed';
  if (status === 429) return 'rate-limited';
  return 'server-error';
}

/** Whether a failed request to the upload server is worth repeating after a delay. */
export function isRetryableUploadResponse(status: number | undefined, body = ''): boolean {
  const code = codeForUploadResponse(status, body);
  if (code === 'network' || code === 'rate-limited') return true;
  if (code !== 'server-error') return false;
  // 5xx without a token text, and tus' own "try again" answers (409 conflict, 423 locked).
  return (status ?? 0) >= 500 || status === 409 || status === 423;
}

/** Minimal view of tus-js-client's DetailedError, so this module needs no tus import. */
interface TusLikeError {
  message?: string;
  originalRequest?: unknown;
  originalResponse?: { getStatus(): number; getBody(): string | undefined } | null;
}

/** The `asset-load-failed` error in `err` or among its causes, if a lazy part's loading is what failed. */
export function assetFailure(err: unknown): GcoreUploaderError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error && (e as GcoreUploaderError).code === 'asset-load-failed') return e as GcoreUploaderError;
  }
  return null;
}

/** Maps whatever tus-js-client (or our own code) threw into a GcoreUploaderError. */
export function toUploaderError(err: unknown): GcoreUploaderError {
  if (err instanceof GcoreUploaderError) return err;
  const tusErr = err as TusLikeError;
  const response = tusErr?.originalResponse ?? null;
  const status = response ? response.getStatus() : undefined;
  const body = response ? (response.getBody() ?? '') : '';
  const code = codeForUploadResponse(status, body);
  const serverMessage = body.trim() || undefined;
  return new GcoreUploaderError(code, { status, serverMessage, cause: err });
}
