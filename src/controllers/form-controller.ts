/**
 * The element as a form field and as something pages style by state: its ElementInternals give the
 * form value (the video ids), the validity (`required`) and the CSS custom state (`:state(uploading)`).
 */
import type { UploaderState } from '../core/machine.js';

export class FormController {
  readonly internals: ElementInternals | null;
  private _state: string | null = null;

  constructor(private readonly host: HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment }) {
    try {
      this.internals = host.attachInternals();
    } catch {
      this.internals = null; // no form association in this browser
    }
  }

  /** After a render: the custom state, then the value and validity (anchored on the file button). */
  update(state: UploaderState, ids: readonly string[], options: { multiple: boolean; name: string | null; required: boolean; message: string }): void {
    this.reflect(state);
    const anchor = this.host.renderRoot.querySelector<HTMLElement>('[part~="select-button"]') ?? undefined;
    this.sync(ids, { ...options, anchor });
  }

  /** The value: the last video id, or with `multiple` and a name one entry per video. */
  sync(ids: readonly string[], { multiple, name, required, message, anchor }: { multiple: boolean; name: string | null; required: boolean; message: string; anchor?: HTMLElement }): void {
    const internals = this.internals;
    if (!internals) return;
    if (multiple && name) {
      const data = new FormData();
      for (const id of ids) data.append(name, id);
      internals.setFormValue(ids.length ? data : null);
    } else {
      internals.setFormValue(ids.length ? ids[ids.length - 1] : null);
    }
    if (required && ids.length === 0) internals.setValidity({ valueMissing: true }, message, anchor);
    else internals.setValidity({});
  }

  /** `:state(idle)`, `:state(uploading)`…; nothing in browsers without CustomStateSet. */
  reflect(state: UploaderState): void {
    const states = (this.internals as { states?: Set<string> } | null)?.states;
    if (!states || state === this._state) return;
    const add = (s: string) => {
      try {
        states.add(s);
      } catch {
        states.add(`--${s}`); // Chromium before 125 took only dashed names
      }
    };
    if (this._state) {
      states.delete(this._state);
      states.delete(`--${this._state}`);
    }
    add(state);
    this._state = state;
  }
}
