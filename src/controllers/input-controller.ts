/**
 * How files and links come in: the picker, drag and drop, the tabs and the link form. Holds the drag
 * and tab state; hands files and links to the element, which hands them to the core.
 */
import type { ReactiveControllerHost } from 'lit';
import { checkLink } from '../core/link.js';
import type { GcoreUploaderError } from '../errors.js';
import { preloadUploadEngine } from '../lazy.js';
import type { ViewActions } from '../views/context.js';

export interface InputHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  disabled: boolean;
  multiple: boolean;
  importUrl: string | null;
}

type InputActions = Pick<ViewActions, 'pick' | 'input' | 'dragOver' | 'dragLeave' | 'drop' | 'tab' | 'tabKey' | 'submitLink'>;

export class InputController {
  dragging = false;
  tab: 'file' | 'link' = 'file';
  /** Why the last link was refused (shown in the link form). */
  linkError: GcoreUploaderError | null = null;

  constructor(
    private readonly host: InputHost,
    private readonly on: { busy(): boolean; files(files: File[]): void; link(link: string): void },
  ) {}

  private _set(patch: Partial<Pick<InputController, 'dragging' | 'tab' | 'linkError'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  clear(): void {
    this._set({ linkError: null });
  }

  private _take(files: FileList | File[] | null | undefined): void {
    if (!files || this.host.disabled) return;
    this.on.files(this.host.multiple ? [...files] : [...files].slice(0, 1));
  }

  readonly actions: InputActions = {
    pick: () => {
      preloadUploadEngine(); // a file is coming: the upload engine, now if not yet loaded
      this.host.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
    },
    input: (e) => {
      const input = e.target as HTMLInputElement;
      const files = input.files ? [...input.files] : [];
      input.value = '';
      this._take(files);
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
      if (!this.on.busy()) this._take(e.dataTransfer?.files);
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

  /** The link went to Gcore: the field is emptied. */
  imported(): void {
    const input = this.host.renderRoot.querySelector<HTMLInputElement>('#link');
    if (input) input.value = '';
  }
}
