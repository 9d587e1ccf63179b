/** Where a video comes in: the tabs, the drop zone with its picker, and the "Paste a link" form. */
import { html, nothing } from 'lit';
import type { ViewContext } from './context.js';
import { errorPanel } from './error.js';

export function tabs({ s, tab, act }: ViewContext) {
  const one = (id: 'file' | 'link', label: string) => html`<button
    id="tab-${id}"
    part="tab"
    role="tab"
    type="button"
    aria-selected=${tab === id ? 'true' : 'false'}
    aria-controls="panel"
    tabindex=${tab === id ? '0' : '-1'}
    @click=${() => act.tab(id)}
    @keydown=${act.tabKey}
  >
    ${label}
  </button>`;
  return html`<div part="tabs" class="tabs" role="tablist">${one('file', s.tabFile)}${one('link', s.tabLink)}</div>`;
}

export function linkForm(ctx: ViewContext) {
  const { s, disabled, linkError, act } = ctx;
  return html`<form part="link-form" class="link-form" @submit=${act.submitLink} novalidate>
    <label for="link">${s.linkLabel}</label>
    <div class="link-row">
      <input
        id="link"
        part="link-input"
        name="url"
        type="url"
        inputmode="url"
        autocomplete="off"
        placeholder=${s.linkPlaceholder}
        aria-describedby="link-hint"
        aria-invalid=${linkError ? 'true' : 'false'}
        ?disabled=${disabled}
      />
      <button part="button" class="primary" type="submit" ?disabled=${disabled}>${s.linkSubmit}</button>
    </div>
    <p id="link-hint" class="hint">${s.linkHint}</p>
    ${linkError ? errorPanel(ctx, linkError) : nothing}
  </form>`;
}

/**
 * Always in place, so that nothing below it moves between states; while a file is on its way it takes none.
 * While an unfinished upload waits for its file (the resume part's `again`), it asks for that file, with a way out.
 */
export function dropZone(ctx: ViewContext) {
  const { s, dragging, busy, multiple, disabled, accept, act } = ctx;
  const again = ctx.unfinished?.again(ctx);
  return html`
    <div
      part="drop-zone"
      class="drop-zone ${dragging ? 'dragging' : ''} ${busy ? 'busy' : ''}"
      aria-disabled=${busy ? 'true' : nothing}
      @dragover=${act.dragOver}
      @dragenter=${act.dragOver}
      @dragleave=${act.dragLeave}
      @drop=${act.drop}
    >
      ${again
        ? again[0]
        : html`<slot name="drop-zone"><span class="prompt">${dragging ? s.dropActive : multiple ? s.dropPromptMultiple : s.dropPrompt}</span></slot>`}
      <button part="select-button button" class="primary" type="button" ?disabled=${disabled || busy} @click=${act.pick}>
        <slot name="select-button">${multiple ? s.selectButtonMultiple : s.selectButton}</slot>
      </button>
      ${again ? again[1] : nothing}
      <input type="file" hidden accept=${accept} ?multiple=${multiple} @change=${act.input} tabindex="-1" aria-hidden="true" />
    </div>
  `;
}
