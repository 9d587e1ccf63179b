/**
 * `GET …/videos/{id}?exp=…&sig=…`: the video's status (`VIDEO_FIELDS` only), for a status URL whose
 * signature is valid and unexpired (403 otherwise); 404 once the video is gone.
 */
import { GcoreApiError } from '../client.js';
import type { GcoreVideo } from '../gcore-types.js';
import { readVideoId } from '../guards/input.js';
import { checkSignature } from '../guards/signature.js';
import { HttpError } from '../responses.js';
import { gcoreFailure, pickVideoFields, withDeadline, type RouteContext } from './gcore.js';

export async function status(ctx: RouteContext, request: Request, url: URL, rawId: string): Promise<Record<string, unknown>> {
  const id = readVideoId(rawId);
  await checkSignature('status', id, url, ctx.secret);
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  let video: GcoreVideo;
  try {
    video = await withDeadline(ctx.client.getVideo(id, { signal }), signal, 'GET', `/streaming/videos/${id}`);
  } catch (err) {
    if (err instanceof GcoreApiError && err.status === 404) {
      throw new HttpError(404, 'video-not-found', 'The video no longer exists.');
    }
    throw gcoreFailure(ctx, err, request, 'Gcore could not give the video status');
  }
  return pickVideoFields(video);
}
