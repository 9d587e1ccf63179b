/**
 * `saveDetails()` and `addSubtitle()`: a video's details, saved through the session's `edit_url` with
 * the details client (details.ts, loaded on first use), on the item's AbortSignal; then the events
 * `details-saved` / `details-error`.
 */
import { GcoreUploaderError, toUploaderError, type DetailsErrorCode } from '../errors.js';
import type { GcoreVideo } from '../status/video.js';
import { loadDetailsClient } from '../lazy.js';
import type { GcoreSubtitle, VideoDetailsField } from './details.js';
import type { DetailsSavedField } from './events.js';
import type { ItemContext } from './item.js';
import { aborted, withSignal } from './signal.js';
import type { Uploader } from './types.js';

type DetailsClient = typeof import('./details.js');

export function detailsActions<F>(ctx: ItemContext<F>): Pick<Uploader<F>, 'saveDetails' | 'addSubtitle'> {
  const { o, changed, emit, find } = ctx;
  const detailsBase = () => o.baseUrl ?? (o.sessionUrl && /^https?:\/\//i.test(o.sessionUrl) ? o.sessionUrl : null);

  async function details<T>(id: string, fields: DetailsSavedField[], send: (client: DetailsClient, editUrl: string, signal: AbortSignal) => Promise<T>): Promise<T> {
    const e = find(id);
    if (!e) throw new GcoreUploaderError('details-save-failed', { params: { reason: 'no-edit-url', detail: `no item ${id}` } });
    const { signal } = e.controller;
    try {
      if (!e.editUrl) throw new GcoreUploaderError('details-save-failed', { params: { reason: 'no-edit-url' } });
      const client = await withSignal((o.loadDetails ?? loadDetailsClient)(), signal);
      const result = await send(client, e.editUrl, signal);
      const video = fields[0] === 'subtitle' ? null : (result as GcoreVideo);
      if (video) {
        e.video = e.video ? { ...e.video, ...video } : video;
        changed(e);
      }
      emit('details-saved', { file: e.input, videoId: e.videoId, fields, video, subtitle: video ? null : (result as GcoreSubtitle) }, e);
      return result;
    } catch (err) {
      const error = signal.aborted ? aborted() : toUploaderError(err);
      if (error.code !== 'aborted') emit('details-error', { file: e.input, videoId: e.videoId, code: error.code as DetailsErrorCode, message: error.message, params: error.params }, e);
      throw error;
    }
  }

  return {
    saveDetails(id, fields) {
      return details(id, Object.keys(fields).filter((k) => fields[k as VideoDetailsField] !== undefined) as VideoDetailsField[], (client, editUrl, signal) =>
        client.patchVideoDetails(editUrl, fields, { signal, base: detailsBase() }),
      );
    },
    addSubtitle(id, subtitle) {
      return details(id, ['subtitle'], (client, editUrl, signal) => client.postSubtitle(editUrl, subtitle, { signal, base: detailsBase() }));
    },
  };
}
