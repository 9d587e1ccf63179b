/**
 * Gcore's AI captions (`auto_transcribe_audio_language` at creation) cost money, so the app decides
 * who gets them: a browser's `autoCaptions: true` (the widget's `auto-captions`) turns them on only
 * when the `autoCaptions` option allows it. Default `'forbid'`: the browser's wish is ignored.
 */
import type { CreateVideoInput } from '../gcore-types.js';
import type { ImportRequest, SessionRequest } from '../handler.js';
import { HttpError } from '../responses.js';

/**
 * `'forbid'` (default): a browser's `autoCaptions` is ignored. `'allow'`: `autoCaptions: true` turns
 * AI captions on for that video. `'force'`: on for every new video, whatever the browser says.
 */
export type AutoCaptionsPolicy = 'forbid' | 'allow' | 'force';

/** A policy, or `(request, body)` deciding per request: true = `'allow'`, false = `'forbid'`, or a policy. */
export type AutoCaptionsOption =
  | AutoCaptionsPolicy
  | ((request: Request, body: SessionRequest | ImportRequest) => boolean | AutoCaptionsPolicy | Promise<boolean | AutoCaptionsPolicy>);

const POLICIES: readonly string[] = ['forbid', 'allow', 'force'];

/** Throws at creation when `autoCaptions` is neither a policy nor a function. */
export function checkAutoCaptionsOption(option: unknown): void {
  if (option === undefined || typeof option === 'function' || POLICIES.includes(option as string)) return;
  throw new TypeError(`autoCaptions must be 'forbid', 'allow', 'force' or a function (request, body) => boolean; got ${JSON.stringify(option)}.`);
}

async function policyFor(
  option: AutoCaptionsOption | undefined,
  request: Request,
  body: SessionRequest | ImportRequest,
  report: (error: unknown, request: Request) => void,
): Promise<AutoCaptionsPolicy> {
  if (typeof option !== 'function') return option ?? 'forbid';
  let answer: unknown;
  try {
    answer = await option(request, body);
  } catch (err) {
    report(err, request);
    throw new HttpError(500, 'internal-error', 'The server could not prepare the video.');
  }
  if (answer === true) return 'allow';
  return typeof answer === 'string' && POLICIES.includes(answer) ? (answer as AutoCaptionsPolicy) : 'forbid';
}

/**
 * Sets `auto_transcribe_audio_language: "auto"` on `fields` when the policy turns AI captions on for
 * this request (a language the `video` option already chose is kept). Returns whether the new video
 * asks Gcore for AI captions (also when the `video` option asked by itself).
 */
export async function applyAutoCaptions(
  option: AutoCaptionsOption | undefined,
  request: Request,
  body: SessionRequest | ImportRequest,
  fields: CreateVideoInput,
  report: (error: unknown, request: Request) => void,
): Promise<boolean> {
  const policy = await policyFor(option, request, body, report);
  const on = policy === 'force' || (policy === 'allow' && body.autoCaptions === true);
  const current = fields.auto_transcribe_audio_language;
  if (on && !(typeof current === 'string' && /^[a-z]{3}$/.test(current))) fields.auto_transcribe_audio_language = 'auto';
  const value = fields.auto_transcribe_audio_language;
  return typeof value === 'string' && value !== '' && value !== 'disable';
}
