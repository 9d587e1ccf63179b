/**
 * The details panel's styles (`details`), as text: loaded with the panel (details.mjs) and adopted into
 * the element's shadow root then, so the element's own styles stay as they are. The same custom
 * properties as the rest of the element.
 */
export const DETAILS_CSS = `
  .details {
    display: grid;
    gap: var(--_space);
    margin-top: calc(var(--_space) * 2);
    padding-top: calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
  }
  .details-heading {
    margin: 0;
    font-weight: 600;
    font-size: 1.05em;
  }
  .details .field {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .details label,
  .details legend {
    font-weight: 600;
  }
  .details input[type='text'],
  .details textarea,
  .details select {
    font: inherit;
    width: 100%;
    min-width: 0;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
    color: var(--_fg);
  }
  .details textarea {
    resize: vertical;
  }
  .details select {
    width: auto;
    max-width: 14em;
    padding: calc(var(--_space) * 0.5);
  }
  .details input:focus-visible,
  .details textarea:focus-visible,
  .details select:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_accent) 60%, transparent);
    outline-offset: 1px;
  }
  .details fieldset {
    margin: 0;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  .details .actions {
    margin-top: calc(var(--_space) * 0.5);
  }
  .poster-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: flex-start;
  }
  .frame-picker {
    flex: 1 1 16em;
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .details-frame {
    display: block;
    width: 100%;
    max-height: 40vh;
    border-radius: calc(var(--_radius) * 0.75);
    background: #000;
  }
  .scrubber {
    width: 100%;
    accent-color: var(--_accent);
  }
  .poster-chosen {
    flex: 0 1 10em;
    max-width: 10em;
    border-radius: calc(var(--_radius) * 0.75);
    border: 2px solid var(--_accent);
  }
  .screenshots {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    margin-top: var(--_space);
  }
  .screenshot {
    padding: 2px;
    line-height: 0;
  }
  .screenshot img {
    width: 6em;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .screenshot[aria-pressed='true'] {
    border: 2px solid var(--_accent);
  }
  .subtitle-list {
    list-style: none;
    margin: 0 0 calc(var(--_space) * 0.5);
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .subtitle {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .subtitle-name {
    flex: 1 1 8em;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .subtitle-state {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .subtitle.failed .subtitle-state {
    color: var(--_error);
  }
  .details-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  .details-status {
    color: var(--_muted);
  }
`;
