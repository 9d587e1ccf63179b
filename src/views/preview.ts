/** The preview block: the muted `<video>` the player attaches to, and the Retry button after a playback failure. */
import { html, nothing } from 'lit';
import type { ItemSnapshot } from '../core/uploader.js';
import type { ViewContext } from './context.js';

export const isViewable = (item: ItemSnapshot) => {
  const video = item.video;
  return Boolean(video && (video.status === 'viewable' || video.status === 'ready') && video.hls_url);
};

export function previewBlock(ctx: ViewContext, item: ItemSnapshot) {
  if (ctx.noPreview || !isViewable(item)) return nothing;
  const { s } = ctx;
  return html`<div part="preview" class="preview">
    <video part="player" controls muted autoplay playsinline preload="auto" aria-label=${s.previewLabel}></video>
    ${ctx.playbackError
      ? html`<div class="playback-error" role="alert">
          <span>${s.errors['playback-failed']}</span>
          <button part="button" type="button" @click=${ctx.act.retryPreview}>${s.retryPlayback}</button>
        </div>`
      : nothing}
  </div>`;
}
