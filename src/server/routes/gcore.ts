/**
 * What the routes share when they call Gcore: one deadline per request (`withDeadline`), Gcore's
 * failures answered as 502/504 with its own words only in `onError` (`gcoreFailure`), the fields a
 * new video gets (`newVideoFields`, from the `video` and `autoCaptions` options), the signed URLs a
 * new video is answered with (`signedUrls`) and the fields the browser sees (`VIDEO_FIELDS`…).
 */
import { GcoreApiError, timeoutError, type GcoreClient } from '../client.js';
import type { CreateVideoInput, GcoreVideo } from '../gcore-types.js';
import type { ImportRequest, SessionRequest, VideoDefaults, VideoOption } from '../handler.js';
import { HttpError } from '../responses.js';
import { signEditUrl, signStatusUrl } from '../signing.js';
import { applyAutoCaptions, type AutoCaptionsOption } from './captions.js';

/** What a route needs of its handler. */
export interface RouteContext {
  client: GcoreClient;
  secret: string;
  statusTtlSeconds: number;
  editTtlSeconds: number;
  timeoutMs: number;
  maxUploadBytes: number;
  video: VideoOption | undefined;
  autoCaptions: AutoCaptionsOption | undefined;
  report: (error: unknown, request: Request) => void;
}

/** The fields of a video the browser gets to see (status answers, import answers). */
export const VIDEO_FIELDS = ['id', 'name', 'status', 'error', 'converted_videos', 'hls_url', 'poster', 'screenshots', 'screenshot', 'duration'] as const;
/** The session's video also carries `client_id`: the TUS upload needs it. */
export const SESSION_VIDEO_FIELDS = ['client_id', ...VIDEO_FIELDS] as const;
/** The answer to an edit: the status fields and what an edit changes. */
export const EDIT_VIDEO_FIELDS = [...VIDEO_FIELDS, 'description', 'poster_thumb', 'screenshot_id'] as const;
/** The fields of a subtitle the browser gets back (not its text). */
export const SUBTITLE_FIELDS = ['id', 'name', 'language'] as const;

/** Picks `fields` out of a Gcore video. */
export function pickVideoFields(video: GcoreVideo, fields: readonly string[] = VIDEO_FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in video) out[f] = video[f];
  return out;
}

/** The `video` option's fields for this request, with `name` and what the route forces. */
export async function videoFields(ctx: RouteContext, request: Request, body: SessionRequest | ImportRequest): Promise<CreateVideoInput> {
  let defaults: VideoDefaults | undefined;
  try {
    defaults = typeof ctx.video === 'function' ? await ctx.video(request, body) : ctx.video;
  } catch (err) {
    ctx.report(err, request);
    throw new HttpError(500, 'internal-error', 'The server could not prepare the video.');
  }
  const fields: Record<string, unknown> = defaults && typeof defaults === 'object' ? { ...defaults } : {};
  if (typeof fields.name !== 'string' || fields.name.trim() === '') fields.name = body.name;
  return fields as CreateVideoInput;
}

/** The fields of a new video (`video` option, `name`, AI captions as `autoCaptions` decides) and whether it asks for AI captions. */
export async function newVideoFields(
  ctx: RouteContext,
  request: Request,
  body: SessionRequest | ImportRequest,
): Promise<{ fields: CreateVideoInput; autoCaptions: boolean }> {
  const fields = await videoFields(ctx, request, body);
  const autoCaptions = await applyAutoCaptions(ctx.autoCaptions, request, body, fields, ctx.report);
  return { fields, autoCaptions };
}

/** The capability URLs of a new video: `status_url` (read its status) and `edit_url` (change it), each signed for that one purpose. */
export async function signedUrls(ctx: RouteContext, mount: string, videoId: number | string): Promise<{ status_url: string; edit_url: string }> {
  return {
    status_url: await signStatusUrl(mount, videoId, ctx.secret, { ttlSeconds: ctx.statusTtlSeconds }),
    edit_url: await signEditUrl(mount, videoId, ctx.secret, { ttlSeconds: ctx.editTtlSeconds }),
  };
}

/** A Gcore failure → 502 (or 504 when it took too long); Gcore's words and status go to onError only. */
export function gcoreFailure(ctx: RouteContext, err: unknown, request: Request, what: string): HttpError {
  if (err instanceof GcoreApiError) {
    ctx.report(err, request);
    if (err.timedOut) return new HttpError(504, 'gcore-timeout', `${what}: Gcore did not answer in time.`);
    return new HttpError(502, 'gcore-error', `${what}.`);
  }
  ctx.report(err, request);
  return new HttpError(500, 'internal-error', `${what}: unexpected server error.`);
}

/** `promise`, or a timed-out GcoreApiError when `signal` aborts first (for clients that ignore the signal). */
export function withDeadline<T>(promise: Promise<T>, signal: AbortSignal, method: string, path: string): Promise<T> {
  if (signal.aborted) return Promise.reject(timeoutError(method, path));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(timeoutError(method, path));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
