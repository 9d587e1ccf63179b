/**
 * The frame part of the element (frame.mjs / a chunk: local-frame-controller.ts, fetched with the upload
 * engine): once the element shows a file or a link, the part draws each file's first frame, reads its
 * duration and warns before the page is left while an upload runs. Until then the row's frame box is
 * empty, as while a frame is drawn. A load failure is reported to the element (the `error` event) and
 * tried again for the next item.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadFramePart } from '../lazy.js';
import type { FramePartDeps } from './local-frame-controller.js';

export class FramePartController implements ReactiveController {
  private _view: ((file: Blob) => readonly [unknown, unknown]) | null = null;
  /** The latest item when the part was last asked for. */
  private _for: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: FramePartDeps & { failed(err: unknown): void },
  ) {
    host.addController(this);
  }

  /** For the views: the frame box's content and the duration of `file`, once the part is loaded. */
  readonly view = (file: Blob): readonly [unknown, unknown] | undefined => this._view?.(file);

  /** After each render: an item is shown and the part is not loaded yet (nor asked for, for that item). */
  hostUpdated(): void {
    const id = this._view ? undefined : this.deps.items().at(-1)?.id;
    if (!id || id === this._for) return;
    this._for = id;
    loadFramePart().then((module) => {
      this._view ??= module.framePart(this.host, this.deps);
      this.host.requestUpdate();
    }, this.deps.failed);
  }
}
