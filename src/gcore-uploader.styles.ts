import { css } from 'lit';

/** Every colour, radius, font and spacing comes from a documented custom property (see the element's JSDoc). */
export const styles = css`
  :host {
    --_accent: var(--gcore-uploader-accent, #b83a0c);
    --_bg: var(--gcore-uploader-background, #ffffff);
    --_fg: var(--gcore-uploader-color, #1d1d1f);
    --_muted: var(--gcore-uploader-muted, #5c5c66);
    --_border: var(--gcore-uploader-border, #c9c9d1);
    --_error: var(--gcore-uploader-error, #b3261e);
    --_radius: var(--gcore-uploader-radius, 8px);
    --_space: var(--gcore-uploader-spacing, 8px);
    --_on-accent: var(--gcore-uploader-on-accent, #ffffff);
    display: block;
    box-sizing: border-box;
    font-family: var(--gcore-uploader-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
    background: var(--_bg);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--gcore-uploader-accent, #ff8a5c);
      --_bg: var(--gcore-uploader-background, #1c1c1f);
      --_fg: var(--gcore-uploader-color, #f2f2f5);
      --_muted: var(--gcore-uploader-muted, #b4b4be);
      --_border: var(--gcore-uploader-border, #55555f);
      --_error: var(--gcore-uploader-error, #ff8f86);
      --_on-accent: var(--gcore-uploader-on-accent, #1c1c1f);
    }
  }
  :host([hidden]) {
    display: none;
  }
  :host([disabled]) {
    opacity: 0.6;
  }
  * {
    box-sizing: border-box;
  }
  .drop-zone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 3);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    text-align: center;
  }
  .drop-zone.busy {
    border-style: solid;
  }
  .drop-zone.dragging {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  .prompt,
  .figures {
    color: var(--_muted);
  }
  button {
    font: inherit;
    cursor: pointer;
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5);
    border-radius: calc(var(--_radius) * 0.75);
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_fg);
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_accent) 60%, transparent);
    outline-offset: 2px;
  }
  .file-name {
    margin-top: var(--_space);
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .file-head {
    display: flex;
    align-items: flex-start;
    gap: var(--_space);
    margin-top: var(--_space);
  }
  .file-head .file-name,
  .file-row .file-head {
    margin-top: 0;
  }
  .file-text {
    flex: 1;
    min-width: 0;
  }
  .local-frame {
    flex: none;
    display: grid;
    place-items: center;
    width: 4.5em;
    aspect-ratio: 16 / 9;
    overflow: hidden;
    border-radius: calc(var(--_radius) * 0.5);
    background: color-mix(in srgb, var(--_border) 40%, transparent);
    color: var(--_muted);
  }
  .local-frame img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .progress {
    margin-top: var(--_space);
  }
  .bar {
    height: calc(var(--_space) * 1.25);
    border-radius: 999px;
    background: var(--_border);
    overflow: hidden;
  }
  .fill {
    height: 100%;
    background: var(--_accent);
    transform-origin: left;
  }
  .figures {
    margin-top: calc(var(--_space) * 0.5);
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
  }
  .status:empty {
    display: none;
  }
  .status {
    margin-top: var(--_space);
  }
  .error {
    margin-top: var(--_space);
    padding: var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_error);
    color: var(--_error);
  }
  .error p {
    margin: 0;
  }
  .error code {
    white-space: pre-wrap;
    word-break: break-all;
  }
  .actions,
  .resume-prompt {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-top: var(--_space);
  }
  .resume-prompt p {
    flex-basis: 100%;
    margin: 0;
  }

  .renditions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5) var(--_space);
    margin: var(--_space) 0 0;
    padding: 0;
    list-style: none;
    color: var(--_muted);
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
  }
  .renditions .complete {
    color: var(--_fg);
  }
  .preview {
    margin-top: var(--_space);
  }
  .preview video {
    display: block;
    width: 100%;
    max-height: 60vh;
    border-radius: var(--_radius);
    background: #000;
  }
  .playback-error {
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin-top: var(--_space);
    color: var(--_error);
  }

  .tabs {
    display: flex;
    gap: calc(var(--_space) * 0.5);
    margin-bottom: var(--_space);
    border-bottom: 1px solid var(--_border);
  }
  .tabs button {
    border: none;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: none;
  }
  .tabs button[aria-selected='true'] {
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  .link-form label {
    display: block;
    margin-bottom: calc(var(--_space) * 0.5);
    font-weight: 600;
  }
  .link-row {
    display: flex;
    gap: var(--_space);
  }
  .link-row input {
    flex: 1;
    min-width: 0;
    font: inherit;
    padding: calc(var(--_space) * 0.75);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_bg);
    color: var(--_fg);
  }
  .link-row input:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_accent) 60%, transparent);
    outline-offset: 1px;
  }
  .hint {
    margin: calc(var(--_space) * 0.5) 0 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .header {
    margin-top: var(--_space);
    font-weight: 600;
  }
  .file-list {
    list-style: none;
    margin: var(--_space) 0 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .file-row {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .file-row .file-name {
    margin-top: 0;
  }
  .watch {
    display: inline-block;
    margin-top: calc(var(--_space) * 0.5);
    color: var(--_accent);
  }
`;
