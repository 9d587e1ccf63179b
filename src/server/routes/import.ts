/**
 * `POST …/import` `{url, name}`: Gcore downloads the file at `url` (checked: http(s)/sftp, not a
 * manifest); answers `{video, status_url}`.
 */
import type { GcoreVideo } from '../gcore-types.js';
import { readImportUrl, readName } from '../guards/input.js';
import { signStatusUrl } from '../signing.js';
import { gcoreFailure, pickVideoFields, videoFields, withDeadline, type RouteContext } from './gcore.js';

export async function importVideo(ctx: RouteContext, request: Request, body: Record<string, unknown>, mount: string): Promise<Record<string, unknown>> {
  const url = readImportUrl(body);
  const name = readName(body);
  const fields = await videoFields(ctx, request, { url, name });
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  let video: GcoreVideo;
  try {
    video = await withDeadline(ctx.client.importFromUrl({ ...fields, origin_url: url }, { signal }), signal, 'POST', '/streaming/videos');
  } catch (err) {
    throw gcoreFailure(ctx, err, request, 'Gcore could not import the video');
  }
  const status_url = await signStatusUrl(mount, video.id, ctx.secret, { ttlSeconds: ctx.statusTtlSeconds });
  return { video: pickVideoFields(video), status_url };
}
