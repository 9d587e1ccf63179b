/**
 * The details part of the element (`details`): loads details.mjs / its chunk once the panel is on
 * (never before, never statically), adopts its styles into the shadow root, makes its
 * DetailsController and renders its panel for the latest item. A load failure is reported to the
 * element (the `error` event) and may be retried on the next update.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Uploader } from '../core/types.js';
import type { DetailsErrorCode } from '../errors.js';
import type { GcoreUploaderEventMap } from '../events.js';
import type { DetailsController, DetailsDeps, DetailsItem, DetailsPrefill } from './details-controller.js';
import type { DetailsViewContext } from '../views/details.js';
import { loadDetailsPanel } from '../lazy.js';

type DetailsModule = typeof import('../details/index.js');
type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment; requestUpdate(name?: PropertyKey, oldValue?: unknown): void };

/** Adds `css` to a shadow root's styles: a constructed sheet where there are such, else a `<style>`. */
function adoptStyles(root: HTMLElement | DocumentFragment, css: string): void {
  const shadow = root as ShadowRoot;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}

interface PartDeps extends Pick<DetailsDeps, 'item' | 'enabled' | 'lang'> {
  core(): Uploader;
  /** Dispatches `details-error` for a file refused in the page. */
  emit(name: 'details-error', detail: GcoreUploaderEventMap['details-error']['detail']): void;
  /** The part could not be loaded (the element's `error` event). */
  failed(err: unknown): void;
  /** The element's `detailsForm`, set by assigning a boolean or a string to `details`. */
  setForm(on: boolean): void;
}

export class DetailsPartController implements ReactiveController {
  /** The loaded part and its controller, made then. */
  private _part: { module: DetailsModule; controller: DetailsController } | null = null;
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

  /** Loads the part (once; again after a failure), adopts its styles and makes its controller. */
  load(): void {
    if (this._part || this._loading) return;
    this._loading = true;
    const { item, enabled, lang, core, emit, failed } = this.deps;
    const deps: DetailsDeps = {
      item,
      enabled,
      prefill: () => this._prefill,
      lang,
      save: (id, fields) => core().saveDetails(id, fields),
      addSubtitle: (id, subtitle) => core().addSubtitle(id, subtitle),
      refused: (it, error) => emit('details-error', { file: it.file, videoId: it.videoId, code: error.code as DetailsErrorCode, message: error.message, params: error.params }),
    };
    loadDetailsPanel().then(
      (module) => {
        adoptStyles(this.host.renderRoot, module.DETAILS_CSS);
        this._part = { module, controller: new module.DetailsController(this.host, deps) };
        this.host.requestUpdate();
      },
      (err) => {
        this._loading = false;
        failed(err);
      },
    );
  }

  /** For the views, once the part is loaded and the panel is on: the panel of an item (nothing but for the latest item). */
  view(view: Omit<DetailsViewContext, 'item' | 'draft' | 'ctl'>): ((item: DetailsItem) => unknown) | undefined {
    const part = this._part;
    if (!part || !this.deps.enabled()) return undefined;
    return (item) => {
      const draft = part.controller.draft;
      if (!draft || item.id !== this.deps.item()?.id) return nothing;
      return part.module.detailsPanel({ ...view, item, draft, ctl: part.controller });
    };
  }
}
