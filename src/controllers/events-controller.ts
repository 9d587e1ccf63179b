/**
 * The element's events: every event of the core becomes a DOM event on the host (one table:
 * core/events.ts; bubbling, composed, cancelable where the table says so), and what the element does
 * on some of them: the preview starts when the latest file's video is viewable (also right after an
 * import Gcore answered with a viewable video), the details panel saves when the bytes are up, the
 * player picks up a saved subtitle, the link field empties. A part that could not be loaded becomes
 * the `error` event naming it.
 */
import { UPLOADER_EVENT_NAMES, UPLOADER_EVENTS } from '../core/events.js';
import type { ItemSnapshot, Uploader } from '../core/types.js';
import { assetFailure } from '../errors.js';
import type { GcoreUploaderEventMap } from '../events.js';
import { isViewable } from '../views/preview.js';
import type { DetailsController } from './details-controller.js';
import type { PreviewController } from './preview-controller.js';

export interface EventsDeps {
  preview(): PreviewController;
  details(): DetailsController | undefined;
  /** The latest item (the one the preview and the panel are for). */
  primary(): ItemSnapshot | null;
  /** Whether a preview is shown at all (not with `multiple`, not with `no-preview`). */
  previewOn(): boolean;
  /** A link went to Gcore. */
  imported(): void;
}

export class EventsController {
  constructor(
    private readonly host: HTMLElement,
    private readonly deps: EventsDeps,
  ) {}

  /** Dispatches `name` on the host; false when a listener cancelled it. */
  emit<K extends keyof GcoreUploaderEventMap>(name: K, detail: GcoreUploaderEventMap[K]['detail']): boolean {
    const cancelable = UPLOADER_EVENTS[name as keyof typeof UPLOADER_EVENTS]?.cancelable ?? false;
    return this.host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
  }

  /** A new core: its events reach the host. */
  wire(core: Uploader): void {
    const { details, primary, preview, imported } = this.deps;
    for (const name of UPLOADER_EVENT_NAMES) core.on(name, (detail) => this.emit(name, detail as never));
    core.on('video-viewable', (_detail, item) => this._startPreview(item));
    core.on('upload-success', (_detail, item) => details()?.uploadEnded(item.id));
    core.on('details-saved', (detail, item) => detail.subtitle && item.id === primary()?.id && void preview().player?.refreshSubtitles());
    core.on('import-start', (detail, item) => (imported(), detail.video && isViewable({ ...item, video: detail.video }) && this._startPreview(item)));
  }

  /** When `err` comes from a part that could not be loaded: the `error` event, naming the part. */
  assetFailed(err: unknown): void {
    const failure = assetFailure(err);
    if (failure) this.emit('error', { code: 'asset-load-failed', message: failure.message, asset: String(failure.params.asset) });
  }

  private _startPreview(item: ItemSnapshot): void {
    const latest = this.deps.primary();
    if (!this.deps.previewOn() || item.id !== latest?.id) return;
    void this.deps.preview().show(latest.video, (error) => {
      this.assetFailed(error);
      const now = this.deps.primary();
      this.emit('processing-error', { code: 'playback-failed', message: error.message, video: now?.video ?? null, file: now?.file ?? null });
    });
  }
}
