/**
 * `POST …/session` `{name, size, type, autoCaptions?}`: creates the video and answers Gcore's TUS
 * upload session `{servers, token, video}` plus a signed `status_url` and `edit_url`, and whether AI
 * captions were asked for (`auto_captions`). A video whose session cannot be opened is deleted.
 */
import type { GcoreClient } from '../client.js';
import type { GcoreVideo } from '../gcore-types.js';
import type { SessionRequest } from '../handler.js';
import { readAutoCaptions, readName, readSize, readType } from '../guards/input.js';
import { gcoreFailure, newVideoFields, pickVideoFields, SESSION_VIDEO_FIELDS, signedUrls, withDeadline, type RouteContext } from './gcore.js';

export async function session(ctx: RouteContext, request: Request, body: Record<string, unknown>, mount: string): Promise<Record<string, unknown>> {
  const { client, timeoutMs } = ctx;
  const name = readName(body);
  const size = readSize(body, ctx.maxUploadBytes);
  const type = readType(body);
  const autoCaptions = readAutoCaptions(body);
  const input: SessionRequest = { name, size, type, ...(autoCaptions !== undefined ? { autoCaptions } : {}) };
  const { fields, autoCaptions: auto_captions } = await newVideoFields(ctx, request, input);
  // A direct upload: Gcore must not also download something.
  delete fields.origin_url;
  delete fields.origin_http_headers;

  const signal = AbortSignal.timeout(timeoutMs);
  let video: GcoreVideo;
  try {
    video = await withDeadline(client.createVideo(fields, { signal }), signal, 'POST', '/streaming/videos');
  } catch (err) {
    throw gcoreFailure(ctx, err, request, 'Gcore could not create the video');
  }
  let upload: Awaited<ReturnType<GcoreClient['getUploadSession']>>;
  try {
    upload = await withDeadline(client.getUploadSession(video.id, { signal }), signal, 'GET', `/streaming/videos/${video.id}/upload`);
  } catch (err) {
    // Do not leave an empty video behind.
    Promise.resolve()
      .then(() => client.deleteVideo(video.id, { signal: AbortSignal.timeout(timeoutMs) }))
      .catch(() => {});
    throw gcoreFailure(ctx, err, request, 'Gcore could not open an upload session');
  }
  const { status_url, edit_url } = await signedUrls(ctx, mount, video.id);
  const sessionVideo = { ...pickVideoFields(video, SESSION_VIDEO_FIELDS), ...pickVideoFields(upload.video ?? ({} as GcoreVideo), SESSION_VIDEO_FIELDS) };
  return { servers: upload.servers, token: upload.token, video: sessionVideo, status_url, edit_url, auto_captions };
}
