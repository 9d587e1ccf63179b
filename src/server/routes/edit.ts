/**
 * The edit routes, reached through a video's signed `edit_url` (the handler has checked the method,
 * `authorize`, the signature, the edit rate limit and the body's size before these run):
 *
 * - `PATCH …/videos/{id}?exp&sig` `{name?, description?, poster?, screenshot_id?}` → Gcore's
 *   `PATCH /streaming/videos/{id}`; answers the video (`EDIT_VIDEO_FIELDS`).
 * - `POST …/videos/{id}/subtitles?exp&sig` `{name?, language, vtt}` → Gcore's
 *   `POST /streaming/videos/{id}/subtitles`; answers the subtitle (`SUBTITLE_FIELDS`).
 *
 * Gcore's 404 is 404 `video-not-found`; its 422 (a value it refuses, e.g. a language it does not
 * know) is 422 `gcore-rejected`; other failures are 502/504 as everywhere.
 */
import { GcoreApiError } from '../client.js';
import { readSubtitle, readVideoEdit } from '../guards/edit-input.js';
import { isObject } from '../json.js';
import { HttpError } from '../responses.js';
import { EDIT_VIDEO_FIELDS, gcoreFailure, pickVideoFields, SUBTITLE_FIELDS, withDeadline, type RouteContext } from './gcore.js';

function editFailure(ctx: RouteContext, err: unknown, request: Request, what: string): HttpError {
  if (err instanceof GcoreApiError && err.status === 404) return new HttpError(404, 'video-not-found', 'The video no longer exists.');
  if (err instanceof GcoreApiError && err.status === 422) {
    ctx.report(err, request);
    return new HttpError(422, 'gcore-rejected', `${what}: Gcore refused the values sent.`);
  }
  return gcoreFailure(ctx, err, request, what);
}

/** `PATCH …/videos/{id}`: changes the title, description, poster or default screenshot. */
export async function editVideo(ctx: RouteContext, request: Request, body: Record<string, unknown>, id: string): Promise<Record<string, unknown>> {
  const edit = readVideoEdit(body);
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const video = await withDeadline(ctx.client.updateVideo(id, edit, { signal }), signal, 'PATCH', `/streaming/videos/${id}`);
    return pickVideoFields(video, EDIT_VIDEO_FIELDS);
  } catch (err) {
    throw editFailure(ctx, err, request, 'Gcore could not change the video');
  }
}

/** `POST …/videos/{id}/subtitles`: adds a WebVTT subtitle. */
export async function addSubtitle(ctx: RouteContext, request: Request, body: Record<string, unknown>, id: string): Promise<Record<string, unknown>> {
  const subtitle = readSubtitle(body);
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  let answer: Record<string, unknown>;
  try {
    answer = await withDeadline(ctx.client.addSubtitle(id, subtitle, { signal }), signal, 'POST', `/streaming/videos/${id}/subtitles`);
  } catch (err) {
    throw editFailure(ctx, err, request, 'Gcore could not add the subtitles');
  }
  const out: Record<string, unknown> = {};
  if (isObject(answer)) for (const f of SUBTITLE_FIELDS) if (f in answer) out[f] = answer[f];
  return out;
}
