/**
 * The details part of the element (`details`): loads details.mjs / its chunk once the panel is on
 * (never before, never statically); the part adopts its styles into the shadow root, makes its
 * DetailsController and renders its panel for the latest item (DetailsController.part). A load failure
 * is reported to the element (the `error` event) and may be retried on the next update.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DetailsController, DetailsItem, DetailsPart, DetailsPartDeps, DetailsPrefill } from './details-controller.js';
import type { DetailsViewContext } from '../views/details.js';
import { loadDetailsPanel } from '../lazy.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment; requestUpdate(name?: PropertyKey, oldValue?: unknown): void };

interface PartDeps extends Omit<DetailsPartDeps, 'prefill'> {
  /** The part could not be loaded (the element's `error` event). */
  failed(err: unknown): void;
  /** The element's `detailsForm`, set by assigning a boolean or a string to `details`. */
  setForm(on: boolean): void;
}

export class DetailsPartController implements ReactiveController {
  /** The loaded part, made then. */
  private _part: DetailsPart | null = null;
  private _loading = false;
  private _prefill: DetailsPrefill | null = null;

  constructor(
    private readonly host: Host,
    private readonly deps: PartDeps,
  ) {
    host.addController(this);
  }

  /** Before each render: loads the part once the panel is on (`details`, without `multiple`). */
  hostUpdate(): void {
    if (this.deps.enabled()) this.load();
  }

  /** What the panel starts from (the element's `details`). */
  get prefill(): DetailsPrefill | null { return this._prefill; }

  /** The element's `details` setter: a boolean or a string (as React and Vue pass the attribute) sets `detailsForm`. */
  setPrefill(value: DetailsPrefill | boolean | string | null): void {
    if (typeof value === 'boolean' || typeof value === 'string') {
      this.deps.setForm(value !== false && value !== 'false');
      return;
    }
    const old = this._prefill;
    this._prefill = value && typeof value === 'object' ? value : null;
    this.host.requestUpdate('details', old);
  }

  /** The loaded part's controller, or undefined before it is loaded. */
  get controller(): DetailsController | undefined { return this._part?.controller; }

  /** Loads the part (once; again after a failure) and makes it. */
  load(): void {
    if (this._part || this._loading) return;
    this._loading = true;
    loadDetailsPanel().then(
      (module) => {
        this._part = module.DetailsController.part(this.host, { ...this.deps, prefill: () => this._prefill });
        this.host.requestUpdate();
      },
      (err) => {
        this._loading = false;
        this.deps.failed(err);
      },
    );
  }

  /** For the views, once the part is loaded and the panel is on: the panel of an item (nothing but for the latest item). */
  view(view: Omit<DetailsViewContext, 'item' | 'draft' | 'ctl'>): ((item: DetailsItem) => unknown) | undefined {
    return this._part && this.deps.enabled() ? this._part.view(view) : undefined;
  }
}
