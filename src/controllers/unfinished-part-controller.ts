/**
 * The resume part of the element (resume.mjs / a chunk: unfinished-controller.ts with the list's view
 * and styles): fetched as the element connects when this origin remembers uploads (the list is likely
 * to come, with the upload engine), and loaded once the core lists an upload an earlier page left
 * unfinished, or when `resumeUnfinished()` is called. The list, and the element's `unfinished`, appear
 * once it is loaded (so that whatever `unfinished` holds can be resumed at once, inside a click). Until
 * then nothing is asked for and nothing is taken (`take` is false). A load failure is reported to the
 * element (the `error` event) and tried again when the list changes or on the next `resumeUnfinished()`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { remembersUploads } from '../core/resume/remembered.js';
import type { FileHandleLike } from '../core/source.js';
import type { UnfinishedUpload } from '../core/resume/types.js';
import { loadResumePart } from '../lazy.js';
import type { UnfinishedController, UnfinishedDeps, UnfinishedView } from './unfinished-controller.js';

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

const NONE: readonly UnfinishedUpload[] = Object.freeze([]);

export interface UnfinishedPartDeps extends UnfinishedDeps {
  /** The core's list of unfinished uploads (empty before there is a core). */
  list(): readonly UnfinishedUpload[];
  /** The part could not be loaded (the element's `error` event). */
  failed(err: unknown): void;
}

export class UnfinishedPartController implements ReactiveController {
  private _part: { controller: UnfinishedController; view: UnfinishedView } | null = null;
  private _loading: Promise<UnfinishedController> | null = null;
  /** The list when loading last failed: not tried again for the same list. */
  private _failedFor: readonly UnfinishedUpload[] | null = null;

  constructor(
    private readonly host: Host,
    private readonly deps: UnfinishedPartDeps,
  ) {
    host.addController(this);
  }

  /** For the views, once loaded: the list and the drop zone's question. */
  get view(): UnfinishedView | undefined {
    return this._part?.view;
  }

  /** The element's `unfinished`: the core's list once the part that shows it is loaded, else none. */
  get listed(): readonly UnfinishedUpload[] {
    return this._part ? this.deps.list() : NONE;
  }

  /** This origin remembers uploads: the part is fetched now, silently (a failure is reported once it is needed). */
  hostConnected(): void {
    if (remembersUploads()) loadResumePart().catch(() => {});
  }

  /** Before each render: loads the part once something is listed. */
  hostUpdate(): void {
    const list = this.deps.list();
    if (!this._part && list.length && list !== this._failedFor) this._load().catch(() => {}); // reported by _load
  }

  /** Loads the part (once at a time) and makes it. */
  private _load(): Promise<UnfinishedController> {
    return (this._loading ??= loadResumePart().then(
      (module) => {
        this._part ??= module.unfinishedPart(this.host, this.deps);
        this.host.requestUpdate();
        return this._part.controller;
      },
      (err) => {
        this._loading = null;
        this._failedFor = this.deps.list();
        this.deps.failed(err);
        throw err;
      },
    ));
  }

  /** UnfinishedController.resume, at once once loaded (inside the click that asked: a file handle asks for permission). */
  resume(key: string): Promise<string> {
    const loaded = this._part?.controller;
    return loaded ? loaded.resume(key) : this._load().then((c) => c.resume(key));
  }

  /** A file chosen or dropped: resumes the upload asked for (true), or is not for it (false). */
  take(file: File, handle?: FileHandleLike): boolean {
    return this._part?.controller.take(file, handle) ?? false;
  }

  stopAsking(): void {
    this._part?.controller.stopAsking();
  }
}
