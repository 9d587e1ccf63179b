/**
 * Uploads an earlier page left unfinished (after a reload, a crash, a closed tab), above the drop zone:
 * each with its name, how much of it the server holds (or its size), when it was started, Resume and
 * Discard; one that expired on the server says so, with Dismiss; one another tab uploads says so, with its bytes.
 * And in the drop zone, while Resume waits for the file to be chosen again: "Choose {name} ({size}) again",
 * with a way out. Part of the resume part (resume.mjs / a chunk), with its styles.
 */
import { html, nothing } from 'lit';
import type { UnfinishedUpload } from '../core/resume/types.js';
import { formatBytes } from '../format.js';
import type { ViewContext } from './context.js';

/** What the list's and the drop zone's buttons do (the resume part's controller). */
export interface UnfinishedActions {
  /** Resume (inside the click), Discard (or Dismiss, when it expired). */
  resumeUnfinished(key: string): void;
  discardUnfinished(key: string): void;
  /** Leaves "Choose {name} again" and opens the picker for another file. */
  chooseOther(): void;
}

/** The resume part's styles, adopted into the shadow root when the part is loaded. */
export const UNFINISHED_CSS = '.unfinished{margin-bottom:calc(var(--_space) * 2)}.unfinished .header{margin:0}.drop-zone .choose-again{color:var(--_fg);font-weight:600}';

/** A moment (ISO 8601) as a date and a time in the reader's language, or '' when it is not a date (here, not in format.ts, so that only this part carries it). */
function formatDateTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

const bytes = (n: number | null, lang: string | undefined) => (n === null ? '' : formatBytes(n, lang));

function facts({ s, lang }: ViewContext, u: UnfinishedUpload): string {
  const other = u.otherTab;
  if (u.expired) return s.errors['upload-expired'];
  if (other) return `${s.otherTab} · ${s.ofBytes(bytes(other.bytesUploaded, lang), bytes(other.bytesTotal, lang))}`;
  const when = formatDateTime(u.createdAt, lang);
  return [u.offset !== null && u.size !== null ? s.onServer(bytes(u.offset, lang), bytes(u.size, lang)) : bytes(u.size, lang), when && s.startedAt(when)].filter(Boolean).join(' · ');
}

export function unfinishedList(ctx: ViewContext, list: readonly UnfinishedUpload[], act: UnfinishedActions) {
  const { s, disabled } = ctx;
  const button = (u: UnfinishedUpload, i: number, part: string, label: string, onClick: (key: string) => void, primary = false) =>
    html`<button part="button ${part}" class=${primary ? 'primary' : nothing} type="button" aria-describedby="unfinished-${i}" ?disabled=${disabled} @click=${() => onClick(u.key)}>${label}</button>`;
  return list.length === 0
    ? nothing
    : html`<div part="unfinished" class="unfinished">
        <p id="unfinished-heading" class="header">${s.unfinishedHeading}</p>
        <ul class="file-list" aria-labelledby="unfinished-heading">
          ${list.map(
            (u, i) => html`<li part="unfinished-item" class="file-row">
              <div id="unfinished-${i}" class="file-name" title=${u.name}>${u.name}</div>
              <p class="hint">${facts(ctx, u)}</p>
              <div class="actions">
                ${u.expired ? nothing : button(u, i, 'unfinished-resume', s.resume, act.resumeUnfinished, true)}
                ${u.otherTab ? nothing : button(u, i, 'unfinished-discard', u.expired ? s.dismiss : s.discard, act.discardUnfinished)}
              </div>
            </li>`,
          )}
        </ul>
      </div>`;
}

/** In the drop zone, in place of its prompt and after its button, while `asking` waits for its file. */
export function chooseAgain({ s, lang, disabled }: ViewContext, asking: UnfinishedUpload, act: UnfinishedActions): readonly [unknown, unknown] {
  return [
    html`<span part="choose-again" class="prompt choose-again" role="status">${s.chooseAgain(asking.name, asking.size === null ? '?' : formatBytes(asking.size, lang))}</span>`,
    html`<button part="button" type="button" ?disabled=${disabled} @click=${act.chooseOther}>${s.chooseOther}</button>`,
  ];
}
