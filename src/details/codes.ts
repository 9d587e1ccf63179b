/**
 * The details' error codes (issue #18) and the one place their errors are made. Codes are public API:
 * `invalid-poster`, `poster-too-large`, `invalid-subtitle` (params: `line`), `subtitle-too-large`,
 * `details-save-failed` (errors.ts has them with their reasons). Each error is a GcoreUploaderError
 * `{code, params}`: the UI renders the page's language from them, `message` is English for developers.
 */
import { ERROR_REASONS, GcoreUploaderError, type DetailsErrorCode, type ErrorParams } from '../errors.js';

export type { DetailsErrorCode };

export const DETAILS_ERROR_CODES: readonly DetailsErrorCode[] = ['invalid-poster', 'poster-too-large', 'invalid-subtitle', 'subtitle-too-large', 'details-save-failed'];

/** The most bytes a poster may have (Gcore: "up to 1Mb"; the helper reads it as 1 000 000). */
export const MAX_POSTER_BYTES = 1_000_000;
/** The most bytes (UTF-8) of one subtitle's WebVTT text (the helper's limit). */
export const MAX_SUBTITLE_BYTES = 2_000_000;
/** The longest title (Gcore's `name`). */
export const MAX_TITLE_LENGTH = 255;
/** The longest description the helper accepts. */
export const MAX_DESCRIPTION_LENGTH = 5000;

export type DetailsErrorReason = { [C in DetailsErrorCode]: keyof (typeof ERROR_REASONS)[C] }[DetailsErrorCode];

export interface DetailsErrorParams {
  reason?: DetailsErrorReason;
  /** `invalid-subtitle`: the 1-based line that is wrong. */
  line?: number;
  /** `poster-too-large`, `subtitle-too-large`: the limit in bytes. */
  limit?: number;
  /** For developers only: added to the English `message`, never shown in the UI. */
  detail?: string;
  [value: string]: string | number | undefined;
}

/** A details error: a GcoreUploaderError with one of the details' codes. */
export function detailsError(
  code: DetailsErrorCode,
  params: DetailsErrorParams = {},
  options: { status?: number; serverMessage?: string; cause?: unknown } = {},
): GcoreUploaderError {
  return new GcoreUploaderError(code, { ...options, params: params as ErrorParams });
}
