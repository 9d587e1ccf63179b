/**
 * Uploads an earlier page left unfinished (the core's `snapshot.unfinished`), for the element: Resume
 * reads the kept file handle or the OPFS copy at once (inside the click, since a handle asks for read
 * permission), and when the file must be chosen again (`pick`, a permission refused, a copy gone)
 * asks for it: the drop zone says "Choose {name} ({size}) again" and the picker opens, and the next
 * file chosen or dropped resumes that upload (the core checks it is the same file:
 * `resume-file-mismatch` otherwise, and the entry stays to try again). Discard forgets it and asks the
 * server to drop it. Without `multiple`, a resumed upload replaces what the element showed.
 *
 * The entry of the resume part (lazy.ts `loadResumePart`: `resume.mjs` next to the CDN file, or a chunk),
 * with the list's view and styles: loaded once the core lists an unfinished upload, or when
 * `resumeUnfinished()` is called (unfinished-part-controller.ts, in the element).
 */
import type { ReactiveControllerHost } from 'lit';
import type { UnfinishedUpload } from '../core/resume/types.js';
import type { FileHandleLike } from '../core/source.js';
import type { Uploader } from '../core/types.js';
import { GcoreUploaderError, isUploaderError } from '../errors.js';
import type { ViewContext } from '../views/context.js';
import { chooseAgain, UNFINISHED_CSS, unfinishedList, type UnfinishedActions } from '../views/unfinished.js';
import { adoptStyles } from './adopt-styles.js';

export interface UnfinishedDeps {
  core(): Uploader;
  /** Opens the file picker (within the click that asked). */
  pick(): void;
  /** With `multiple`, a resumed upload joins the others; without, it replaces them (the preview stops). */
  multiple(): boolean;
  stopPreview(): void;
}

type Waiting = { upload: UnfinishedUpload; resolve(videoId: string): void; reject(err: unknown): void };

export class UnfinishedController {
  private _waiting: Waiting | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: UnfinishedDeps,
  ) {}

  /** The upload whose file the user is asked to choose again, or null. */
  get asking(): UnfinishedUpload | null {
    return this._waiting?.upload ?? null;
  }

  /**
   * Resumes `key`: from the kept handle or copy at once, else by asking for the file. Resolves with the
   * video id once every byte is up; rejects with the GcoreUploaderError (`aborted` when the question is left).
   */
  resume(key: string): Promise<string> {
    const core = this.deps.core();
    const upload = core.getSnapshot().unfinished.find((u) => u.key === key);
    if (upload?.source === 'pick') return this._ask(upload);
    // Synchronously, so that the handle's permission prompt still has the click's user activation.
    return this._settled(core.resumeUnfinished(key)).catch((err: unknown) => {
      if (upload && isUploaderError(err) && err.code === 'resume-file-unavailable') return this._ask(upload);
      throw err;
    });
  }

  /** A file chosen or dropped: resumes the upload asked for (true), or is not for it (false). */
  take(file: File, handle?: FileHandleLike): boolean {
    const waiting = this._waiting;
    if (!waiting) return false;
    this._waiting = null;
    this.host.requestUpdate();
    this._settled(this.deps.core().resumeUnfinished(waiting.upload.key, file, { handle })).then(waiting.resolve, waiting.reject);
    return true;
  }

  /** No more asking for the file (the question's own button, reset()). */
  stopAsking(): void {
    const waiting = this._waiting;
    if (!waiting) return;
    this._waiting = null;
    this.host.requestUpdate();
    waiting.reject(new GcoreUploaderError('aborted'));
  }

  private _ask(upload: UnfinishedUpload): Promise<string> {
    this.stopAsking();
    const asked = new Promise<string>((resolve, reject) => (this._waiting = { upload, resolve, reject }));
    this.host.requestUpdate();
    this.deps.pick();
    return asked;
  }

  private async _settled(id: Promise<string>): Promise<string> {
    const itemId = await id;
    const core = this.deps.core();
    if (!this.deps.multiple()) {
      this.deps.stopPreview();
      for (const item of core.getSnapshot().items) if (item.id !== itemId) core.remove(item.id);
    }
    return core.settled(itemId);
  }

  /** The views' buttons (failures are shown by the item, not thrown). */
  readonly actions: UnfinishedActions = {
    resumeUnfinished: (key) => void this.resume(key).catch(() => {}),
    discardUnfinished: (key) => {
      if (this.asking?.key === key) this.stopAsking();
      void this.deps.core().discardUnfinished(key).catch(() => {});
    },
    chooseOther: () => {
      this.stopAsking();
      this.deps.pick();
    },
  };
}

/** What the element renders of the part: the list above the drop zone, and the drop zone's question while it asks. */
export interface UnfinishedView {
  list(ctx: ViewContext, list: readonly UnfinishedUpload[]): unknown;
  /** The drop zone's prompt and extra button while a file is asked for again, else null. */
  again(ctx: ViewContext): readonly [unknown, unknown] | null;
}

/** The part in the element: its styles adopted into the shadow root, its controller, its views. */
export function unfinishedPart(host: ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment }, deps: UnfinishedDeps): { controller: UnfinishedController; view: UnfinishedView } {
  adoptStyles(host.renderRoot, UNFINISHED_CSS);
  const controller = new UnfinishedController(host, deps);
  const act = controller.actions;
  return {
    controller,
    view: {
      list: (ctx, list) => unfinishedList(ctx, list, act),
      again: (ctx) => (controller.asking ? chooseAgain(ctx, controller.asking, act) : null),
    },
  };
}
