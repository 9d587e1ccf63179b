/**
 * How files and links come in: the picker, drag and drop, the tabs and the link form. Holds the drag
 * and tab state; hands files and links to the element, which hands them to the core. A file comes with
 * the FileSystemFileHandle it was read from where the browser gives one (the picker's
 * `showOpenFilePicker()`, a drop's `getAsFileSystemHandle()`: Chromium), so that the core can keep it
 * for a resume in one click after a reload; elsewhere the `<input type=file>` and the drop's files.
 */
import type { ReactiveControllerHost } from 'lit';
import { checkLink } from '../core/link.js';
import type { FileHandleLike } from '../core/source.js';
import type { GcoreUploaderError } from '../errors.js';
import { DEFAULT_ACCEPT } from '../file-check.js';
import { preloadUploadEngine } from '../lazy.js';
import type { ViewActions } from '../views/context.js';

export interface InputHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  disabled: boolean;
  multiple: boolean;
  accept: string;
  importUrl: string | null;
}

/** A chosen or dropped file, with its handle when the browser gave one. */
export interface PickedFile {
  file: File;
  handle?: FileHandleLike;
}

type FilePickerType = { description?: string; accept: Record<string, string[]> };
type OpenFilePicker = (options: { multiple?: boolean; types?: FilePickerType[]; excludeAcceptAllOption?: boolean }) => Promise<FileHandleLike[]>;
type HandleItem = DataTransferItem & { getAsFileSystemHandle?(): Promise<{ kind: string } | null> };

/**
 * `accept` (`video/*,.mov,.mkv`) as showOpenFilePicker's `types`: its MIME types, the extensions under
 * the first (the suffixes the picker takes: letters, digits, `+` and `.`, at most 16); undefined, so
 * every file is offered, when it lists no MIME type (the check refuses what Gcore does not take).
 */
export function pickerTypes(accept: string): FilePickerType[] | undefined {
  const tokens = accept.split(',').map((t) => t.trim().toLowerCase());
  const mimes = tokens.filter((t) => /^[\w.+-]+\/[\w.+*-]+$/.test(t));
  const extensions = tokens.filter((t) => /^\.[a-z0-9+.]{1,15}$/.test(t));
  return mimes.length ? [{ accept: Object.fromEntries(mimes.map((mime, i) => [mime, i ? [] : extensions])) }] : undefined;
}

type InputActions = Pick<ViewActions, 'pick' | 'input' | 'dragOver' | 'dragLeave' | 'drop' | 'tab' | 'tabKey' | 'submitLink'>;

export class InputController {
  dragging = false;
  tab: 'file' | 'link' = 'file';
  /** Why the last link was refused (shown in the link form). */
  linkError: GcoreUploaderError | null = null;

  constructor(
    private readonly host: InputHost,
    private readonly on: { busy(): boolean; files(files: PickedFile[]): void; link(link: string): void },
  ) {}

  private _set(patch: Partial<Pick<InputController, 'dragging' | 'tab' | 'linkError'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  clear(): void {
    this._set({ linkError: null });
  }

  private _take(files: PickedFile[]): void {
    if (files.length === 0 || this.host.disabled) return;
    this.on.files(this.host.multiple ? files : files.slice(0, 1));
  }

  /** The `<input type=file>`'s picker. */
  private _input(): void {
    this.host.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  readonly actions: InputActions = {
    /** showOpenFilePicker() where there is one (the file comes with its handle); the input elsewhere, and when it fails other than by the user's cancel. */
    pick: () => {
      preloadUploadEngine(); // a file is coming: the upload engine, now if not yet loaded
      const page = globalThis as { showOpenFilePicker?: OpenFilePicker };
      if (typeof page.showOpenFilePicker !== 'function') return this._input();
      try {
        page.showOpenFilePicker({ multiple: this.host.multiple, types: pickerTypes(this.host.accept || DEFAULT_ACCEPT) }).then(
          (handles) => Promise.all(handles.map(async (handle) => ({ file: await handle.getFile(), handle }))).then((files) => this._take(files), () => {}),
          (err: unknown) => (err as Error)?.name !== 'AbortError' && this._input(),
        );
      } catch {
        this._input();
      }
    },
    input: (e) => {
      const input = e.target as HTMLInputElement;
      const files = input.files ? [...input.files] : [];
      input.value = '';
      this._take(files.map((file) => ({ file })));
    },
    dragOver: (e) => {
      if (this.host.disabled || this.on.busy()) return;
      if (!this.dragging) preloadUploadEngine();
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      this._set({ dragging: true });
    },
    dragLeave: () => this._set({ dragging: false }),
    drop: (e) => {
      e.preventDefault();
      this._set({ dragging: false });
      if (!this.on.busy()) void this._dropped(e.dataTransfer);
    },
    tab: (tab) => this._set({ tab }),
    tabKey: (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      this._set({ tab: this.tab === 'file' ? 'link' : 'file' });
      void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
    },
    submitLink: (e) => {
      e.preventDefault();
      if (this.host.disabled || !this.host.importUrl) return;
      const link = ((e.target as HTMLFormElement).elements.namedItem('url') as HTMLInputElement).value;
      try {
        checkLink(link);
      } catch (err) {
        this._set({ linkError: err as GcoreUploaderError });
        return;
      }
      this._set({ linkError: null });
      this.on.link(link);
    },
  };

  /** A drop's files, each with its handle where the browser gives one (asked for during the event: the DataTransfer is empty after it). */
  private async _dropped(transfer: DataTransfer | null): Promise<void> {
    if (!transfer) return;
    const items = [...transfer.items].filter((item) => item.kind === 'file') as HandleItem[];
    if (items.length === 0) return this._take([...transfer.files].map((file) => ({ file })));
    const dropped = items.map((item) => [item.getAsFile(), item.getAsFileSystemHandle?.().catch(() => null)] as const);
    const files: PickedFile[] = [];
    for (const [file, handle] of dropped) {
      const h = await handle;
      if (file) files.push({ file, handle: h?.kind === 'file' ? (h as FileHandleLike) : undefined });
    }
    this._take(files);
  }

  /** The link went to Gcore: the field is emptied. */
  imported(): void {
    const input = this.host.renderRoot.querySelector<HTMLInputElement>('#link');
    if (input) input.value = '';
  }
}
