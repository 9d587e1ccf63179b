/**
 * "Paste a link": asks the developer's backend (`gcore-uploader/server`'s `…/import`) to have Gcore
 * download a video from a URL, and reads back the video and its signed status URL.
 */
import { GcoreUploaderError } from './errors.js';
import { sendJson } from './json-request.js';
import type { GcoreVideo } from './status/video.js';

export interface ImportResult {
  videoId: string;
  video: GcoreVideo | null;
  statusUrl?: string;
}

/** The name Gcore gets for a link: its file name, or its host. */
export function nameForLink(url: string): string {
  const u = new URL(url);
  const last = u.pathname.split('/').filter(Boolean).pop();
  try {
    return (last && decodeURIComponent(last)) || u.host;
  } catch {
    return last || u.host;
  }
}

export async function importFromLink(importUrl: string, url: string, signal?: AbortSignal): Promise<ImportResult> {
  let response: Response;
  let text: string;
  try {
    ({ response, text } = await sendJson('POST', importUrl, { url, name: nameForLink(url) }, signal));
  } catch (cause) {
    throw new GcoreUploaderError('import-failed', { params: { reason: 'unreachable' }, cause });
  }
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok || !body) {
    const said = (body?.error as { message?: string } | undefined)?.message ?? text.slice(0, 300);
    throw new GcoreUploaderError('import-failed', { status: response.status, serverMessage: said || undefined });
  }
  const raw = Array.isArray(body.video) ? body.video[0] : body.video;
  const video = raw && typeof raw === 'object' ? (raw as GcoreVideo) : null;
  const id = video?.id ?? body.id;
  if (id === undefined || id === null) throw new GcoreUploaderError('import-failed', { params: { reason: 'no-id' } });
  return { videoId: String(id), video, statusUrl: typeof body.status_url === 'string' ? body.status_url : undefined };
}
