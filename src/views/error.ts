/** The error panel: the sentence in the page's language, and what the server said, folded. */
import { html, nothing } from 'lit';
import { errorText, type GcoreUploaderError } from '../errors.js';
import type { ViewContext } from './context.js';

export function errorPanel({ s }: ViewContext, error: GcoreUploaderError) {
  return html`
    <div part="error" class="error" role="alert">
      <p class="message">${errorText(s, error)}</p>
      ${error.serverMessage
        ? html`<details>
            <summary>${s.serverSaid}${error.status ? ` (HTTP ${error.status})` : ''}</summary>
            <code>${error.serverMessage}</code>
          </details>`
        : nothing}
    </div>
  `;
}
