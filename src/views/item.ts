/** One file (or link): in full without `multiple`, as a row of the list with it; a file with its first frame and duration. */
import { html, nothing } from 'lit';
import { ACTIVE_STATES, asUploaderState } from '../core/machine.js';
import { hasVideo } from '../core/snapshot.js';
import type { ItemSnapshot, UploaderSnapshot } from '../core/uploader.js';
import { formatPercent } from '../format.js';
import { renditionProgress, type GcoreVideo } from '../status/video.js';
import type { ViewContext } from './context.js';
import { errorPanel } from './error.js';
import { previewBlock } from './preview.js';
import { otherTabBar, progressBar } from './progress.js';

/** One file, in full: name, progress with figures, status, qualities, preview, error, buttons. */
export function singleItem(ctx: ViewContext, item: ItemSnapshot) {
  const state = asUploaderState(item.state);
  return html`
    ${fileHead(ctx, item)} ${item.previous ? resumePrompt(ctx, item) : nothing}
    ${item.otherTab ? otherTabBar(ctx, item.otherTab) : state === 'uploading' || state === 'paused' || state === 'success' ? progressBar(ctx, item.progress, state) : nothing}
    <div part="status" class="status" role="status" aria-live="polite">${statusText(ctx, item)}</div>
    ${item.video && state !== 'ready' ? renditions(ctx, item.video) : nothing} ${previewBlock(ctx, item)}
    ${item.error ? errorPanel(ctx, item.error) : nothing} ${actions(ctx, item)} ${ctx.details ? ctx.details(item) : nothing}
  `;
}

/** Several files: the overall progress, then a row per file. */
export function itemList(ctx: ViewContext, snapshot: UploaderSnapshot) {
  const { items, progress } = snapshot;
  if (items.length === 0) return nothing;
  const { s } = ctx;
  return html`
    <div part="header" class="header">
      <span>${s.totalProgress(items.filter(hasVideo).length, items.length)}</span>
      ${progress ? progressBar(ctx, progress, snapshot.state) : nothing}
    </div>
    <ul part="file-list" class="file-list" aria-label=${s.filesLabel}>
      ${items.map(
        (item) => html`<li part="file-row" class="file-row">
          ${fileHead(ctx, item)} ${item.previous ? resumePrompt(ctx, item) : nothing}
          ${item.otherTab ? otherTabBar(ctx, item.otherTab) : item.file && item.progress && (item.state === 'uploading' || item.state === 'paused') ? progressBar(ctx, item.progress, asUploaderState(item.state), true) : nothing}
          <div part="status" class="status" role="status">${statusText(ctx, item)}${renditionsInline(ctx, item)}</div>
          ${item.error ? errorPanel(ctx, item.error) : nothing} ${watchLink(ctx, item)} ${actions(ctx, item)}
        </li>`,
      )}
    </ul>
  `;
}

/** The name; for a file also its first frame (the frame part's; the box is there from the start, so nothing moves) and its duration. */
function fileHead({ frame }: ViewContext, item: ItemSnapshot) {
  const name = html`<div part="file-name" class="file-name" title=${item.name}>${item.name}</div>`;
  if (!item.file) return name;
  const [image, duration] = frame?.(item.file) ?? [nothing, nothing];
  return html`<div class="file-head">
    <span part="local-frame" class="local-frame">${image}</span>
    <div class="file-text">
      ${name}${duration}
    </div>
  </div>`;
}

function statusText({ s }: ViewContext, item: ItemSnapshot): string {
  const state = asUploaderState(item.state);
  if (item.otherTab) return s.otherTab;
  if (item.offline && state === 'paused') return s.offline;
  if (item.state === 'queued') return s.queued;
  if (item.url && state === 'preparing') return s.importing;
  if ((state === 'processing' || state === 'ready' || state === 'error') && item.video?.status) return s.videoStatus[item.video.status] ?? s.status[state];
  return s.status[state];
}

const renditionTexts = ({ s, lang }: ViewContext, video: GcoreVideo) =>
  renditionProgress(video).map((r) => ({ status: r.status, text: s.rendition(r.label, formatPercent(r.status === 'complete' ? 100 : r.progress, lang)) }));

function renditions(ctx: ViewContext, video: GcoreVideo) {
  const list = renditionTexts(ctx, video);
  if (list.length === 0) return nothing;
  return html`<ul part="renditions" class="renditions" aria-label=${ctx.s.renditionsLabel}>
    ${list.map((r) => html`<li class=${r.status}>${r.text}</li>`)}
  </ul>`;
}

function renditionsInline(ctx: ViewContext, item: ItemSnapshot) {
  if (!item.video || item.state === 'ready') return nothing;
  const list = renditionTexts(ctx, item.video).map((r) => r.text);
  return list.length ? html` <span class="renditions-inline">(${list.join(', ')})</span>` : nothing;
}

function watchLink({ s }: ViewContext, item: ItemSnapshot) {
  const video = item.video;
  const href = (video?.iframe_url as string | undefined) || video?.hls_url;
  if (!href || !(video!.status === 'viewable' || video!.status === 'ready')) return nothing;
  return html`<a part="watch-link" class="watch" href=${href} target="_blank" rel="noopener noreferrer">${s.watch}</a>`;
}

function resumePrompt({ s, act }: ViewContext, item: ItemSnapshot) {
  return html`
    <div part="resume-prompt" class="resume-prompt" role="group" aria-label=${s.status['confirm-resume']}>
      <p>${s.resumeQuestion}</p>
      <button part="button" class="primary" type="button" @click=${() => act.answer(item.id, true)}>${s.resumeYes}</button>
      <button part="button" type="button" @click=${() => act.answer(item.id, false)}>${s.resumeNo}</button>
    </div>
  `;
}

function actions({ s, disabled: d, multiple, act }: ViewContext, item: ItemSnapshot) {
  const button = (label: string, onClick: () => void, primary = false, disabled = d) =>
    html`<button part="button" class=${primary ? 'primary' : nothing} type="button" ?disabled=${disabled} @click=${onClick}>${label}</button>`;
  const buttons = [];
  if (item.state === 'uploading') buttons.push(button(s.pause, () => act.pause(item.id)));
  if (item.state === 'paused') buttons.push(button(s.resume, () => act.resume(item.id), true));
  if (item.state === 'error' && item.error?.retryable && item.file) buttons.push(button(s.retry, () => act.retry(item.id), true));
  if (item.state === 'queued' || ACTIVE_STATES.has(item.state)) buttons.push(button(s.cancel, () => act.cancel(item.id)));
  else if (multiple) buttons.push(button(s.remove, () => act.remove(item.id), false, false));
  if (buttons.length === 0) return nothing;
  return html`<div part="actions" class="actions">${buttons}</div>`;
}
