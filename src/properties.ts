/**
 * The element's settable properties and their defaults: the element starts from these, the React
 * wrapper takes exactly these as props, and the Vue typings list them.
 */
import { DEFAULT_CHUNK_TARGET_SECONDS, DEFAULT_MAX_CHUNK_SIZE, DEFAULT_MIN_CHUNK_SIZE } from './core/policy/chunk-defaults.js';
import { tusDelays } from './core/policy/retry.js';
import { DEFAULT_ACCEPT } from './file-check.js';
import type { UploaderOptions } from './core/types.js';
import type { GcoreUploader } from './gcore-uploader.js';

export const ELEMENT_DEFAULTS = {
  session: null,
  sessionUrl: null,
  getSession: null,
  chunkSize: 'auto',
  chunkTargetSeconds: DEFAULT_CHUNK_TARGET_SECONDS,
  minChunkSize: DEFAULT_MIN_CHUNK_SIZE,
  maxChunkSize: DEFAULT_MAX_CHUNK_SIZE,
  retryDelays: tusDelays(),
  accept: DEFAULT_ACCEPT,
  maxFileSize: null,
  resumePolicy: 'auto',
  disabled: false,
  statusUrl: null,
  getStatus: null,
  pollInterval: 2000,
  noPreview: false,
  multiple: false,
  maxConcurrent: 2,
  importUrl: null,
  name: null,
  required: false,
  strings: null,
  detailsForm: false,
  details: null,
  autoCaptions: false,
  keepCopy: false,
  keepCopyDays: 3,
  resumeScope: 'session',
  resumeTtlHours: 24,
  noLeaveWarning: false,
} as const;

export type ElementPropertyName = keyof typeof ELEMENT_DEFAULTS;

/** The `retry-delays` attribute: JSON (`[0, 1000]`) or a list (`0,1000,3000`); the default when neither. */
export function parseDelays(value: string | null): number[] {
  try {
    if (value) return tusDelays(JSON.parse(value.trim().startsWith('[') ? value : `[${value}]`));
  } catch {
    // fall through to the default
  }
  return tusDelays();
}

/** The core's options from the element's properties (one core per element; one upload at a time without `multiple`). */
export function uploaderOptions(el: GcoreUploader): UploaderOptions {
  const { session, getSession, sessionUrl, chunkSize, chunkTargetSeconds, minChunkSize, maxChunkSize, retryDelays, accept, maxFileSize, statusUrl, getStatus, pollInterval, importUrl } = el;
  const { keepCopy, keepCopyDays, resumeScope, resumeTtlHours, autoCaptions } = el;
  return { session, getSession, sessionUrl, chunkSize, chunkTargetSeconds, minChunkSize, maxChunkSize, retryDelays, accept, maxFileSize, statusUrl, getStatus, pollInterval, importUrl, resume: el.resumePolicy, maxConcurrent: el.multiple ? el.maxConcurrent : 1, autoCaptions, keepCopy, keepCopyDays, resumeScope, resumeTtlHours };
}
