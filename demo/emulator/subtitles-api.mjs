// The Subtitles operations of streaming-openapi.yaml, emulated:
//   GET    /streaming/videos/{video_id}/subtitles        → [subtitle]
//   POST   /streaming/videos/{video_id}/subtitles        subtitleCreate → subtitle (422 subtitleerror422)
//   GET    /streaming/videos/{video_id}/subtitles/{id}   → subtitle
//   PATCH  /streaming/videos/{video_id}/subtitles/{id}   subtitleBodyPatch → subtitlePatched
//   DELETE /streaming/videos/{video_id}/subtitles/{id}   → 204
// Every change is written into the video's HLS at once (subtitles.mjs: a SUBTITLES rendition each).
import path from 'node:path';
import { mediaKey } from './model.mjs';
import { aiPlaceholder, checkSubtitle, languageName, presentPatched, presentSubtitle, refreshHls } from './subtitles.mjs';

const answer = (status, body) => ({ status, body });
const failure = (status, error) => answer(status, { status, error });

/**
 * A subtitles route of one video: resolves {status, body} (body undefined for 204).
 * @param {object} o
 * @param {string} o.method
 * @param {string | undefined} o.subtitleId   the path's {id}, when there is one
 * @param {Record<string, any>} o.record      the video
 * @param {() => Promise<unknown>} o.readBody
 * @param {ReturnType<typeof import('./store.mjs').openStore> extends Promise<infer S> ? S : never} o.store
 * @param {string} o.mediaRoot
 * @param {(...a: unknown[]) => void} o.log
 */
export async function subtitlesRoute({ method, subtitleId, record, readBody, store, mediaRoot, log }) {
  const dir = path.join(mediaRoot, mediaKey(record));
  const refresh = async () => refreshHls(dir, store.get(record.id));

  if (subtitleId === undefined) {
    if (method === 'GET') return answer(200, (record._subtitles ?? []).map(presentSubtitle));
    if (method !== 'POST') return failure(405, `Method ${method} not allowed on subtitles`);
    const checked = checkSubtitle(await readBody());
    if (checked.error) return failure(422, checked.error);
    const { ai, ...value } = checked.value;
    let subtitle;
    if (ai) {
      // An AI task in Gcore; here its placeholder result, at once.
      const placeholder = aiPlaceholder(ai === 'auto' ? value.language : ai, record.duration);
      subtitle = { id: store.nextSubtitleId(), rev: 0, ...placeholder, ...(value.name ? { name: value.name } : {}) };
    } else {
      subtitle = { id: store.nextSubtitleId(), rev: 0, name: value.name ?? languageName(value.language), language: value.language, vtt: value.vtt };
    }
    store.update(record.id, (r) => r._subtitles.push(subtitle));
    await refresh();
    log(`video ${record.id}: subtitle ${subtitle.id} "${subtitle.name}" (${subtitle.language}) added`);
    return answer(200, presentSubtitle(subtitle));
  }

  const subtitle = /^\d+$/.test(subtitleId) ? (record._subtitles ?? []).find((s) => String(s.id) === subtitleId) : undefined;
  if (!subtitle) return failure(404, `Subtitle ${subtitleId} of video ${record.id} not found`);
  if (method === 'GET') return answer(200, presentSubtitle(subtitle));
  if (method === 'PATCH') {
    const checked = checkSubtitle(await readBody(), { partial: true });
    if (checked.error) return failure(422, checked.error);
    store.update(record.id, () => {
      if (checked.value.vtt !== undefined && checked.value.vtt !== subtitle.vtt) subtitle.rev = (subtitle.rev ?? 0) + 1;
      Object.assign(subtitle, checked.value);
    });
    await refresh();
    return answer(200, presentPatched(subtitle));
  }
  if (method === 'DELETE') {
    store.update(record.id, (r) => (r._subtitles = r._subtitles.filter((s) => s !== subtitle)));
    await refresh();
    log(`video ${record.id}: subtitle ${subtitle.id} deleted`);
    return answer(204, undefined);
  }
  return failure(405, `Method ${method} not allowed on a subtitle`);
}
