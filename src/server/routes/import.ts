/**
 * `POST …/import` `{url, name, autoCaptions?}`: Gcore downloads the file at `url` (checked:
 * http(s)/sftp, not a manifest); answers `{video, status_url, edit_url, auto_captions}`.
 */
import type { GcoreVideo } from '../gcore-types.js';
import { readAutoCaptions, readImportUrl, readName } from '../guards/input.js';
import { gcoreFailure, newVideoFields, pickVideoFields, signedUrls, withDeadline, type RouteContext } from './gcore.js';

export async function importVideo(ctx: RouteContext, request: Request, body: Record<string, unknown>, mount: string): Promise<Record<string, unknown>> {
  const url = readImportUrl(body);
  const name = readName(body);
  const autoCaptions = readAutoCaptions(body);
  const { fields, autoCaptions: auto_captions } = await newVideoFields(ctx, request, { url, name, ...(autoCaptions !== undefined ? { autoCaptions } : {}) });
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  let video: GcoreVideo;
  try {
    video = await withDeadline(ctx.client.importFromUrl({ ...fields, origin_url: url }, { signal }), signal, 'POST', '/streaming/videos');
  } catch (err) {
    throw gcoreFailure(ctx, err, request, 'Gcore could not import the video');
  }
  const { status_url, edit_url } = await signedUrls(ctx, mount, video.id);
  return { video: pickVideoFields(video), status_url, edit_url, auto_captions };
}
