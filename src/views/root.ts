/**
 * The element's whole template: a failed language load, the uploads an earlier page left unfinished
 * (while nothing else is on its way; once the resume part is loaded), the tabs (with `import-url`), the drop zone or the link form,
 * then the latest item or (with `multiple`) the list of items.
 */
import { html, nothing } from 'lit';
import type { GcoreUploaderError } from '../errors.js';
import type { ItemSnapshot, UploaderSnapshot } from '../core/types.js';
import type { ViewContext } from './context.js';
import { errorPanel } from './error.js';
import { dropZone, linkForm, tabs } from './input.js';
import { itemList, singleItem } from './item.js';

export interface RootState {
  /** The texts of the page's language could not be loaded. */
  loadError: GcoreUploaderError | null;
  /** With `import-url`: the "Upload a file" / "Paste a link" tabs. */
  showTabs: boolean;
  snapshot: UploaderSnapshot;
  primary: ItemSnapshot | null;
}

export function rootView(ctx: ViewContext, { loadError, showTabs, snapshot, primary }: RootState) {
  const { tab } = ctx;
  return html`
      ${loadError ? errorPanel(ctx, loadError) : nothing} ${(ctx.multiple || !ctx.busy) && ctx.unfinished ? ctx.unfinished.list(ctx, snapshot.unfinished) : nothing}
      ${showTabs ? tabs(ctx) : nothing}
      <div id="panel" role=${showTabs ? 'tabpanel' : nothing} aria-labelledby=${showTabs ? `tab-${tab}` : nothing}>
        ${showTabs && tab === 'link' ? linkForm(ctx) : dropZone(ctx)}
      </div>
      ${ctx.multiple ? itemList(ctx, snapshot) : primary ? singleItem(ctx, primary) : nothing}
    `;
}
