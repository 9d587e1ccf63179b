/** The progress bar with its figures: percent, bytes, and while uploading speed, time left, chunk n of m (or chunk n). */
import { html, nothing } from 'lit';
import type { UploaderState } from '../core/machine.js';
import type { UploadProgress } from '../core/progress.js';
import type { OtherTabProgress } from '../core/resume/types.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from '../format.js';
import type { ViewContext } from './context.js';

export function progressBar({ s, lang, multiple }: ViewContext, p: UploadProgress | null, state: UploaderState, compact = false) {
  if (!p) return nothing;
  const figures = [formatPercent(p.percent, lang), s.ofBytes(formatBytes(p.bytesUploaded, lang), formatBytes(p.bytesTotal, lang))];
  if (state === 'uploading' && !compact) {
    if (p.bytesPerSecond) figures.push(formatSpeed(p.bytesPerSecond, lang));
    if (p.secondsLeft !== null && p.bytesPerSecond) figures.push(s.timeLeft(formatDuration(p.secondsLeft, lang)));
    // With chunk-size="auto" the count is an estimate, and unknown (null) before the first chunk is measured.
    if (!multiple && (p.chunks === null || p.chunks > 1)) figures.push(p.chunks === null ? s.chunkN(p.chunk) : s.chunkOf(p.chunk, Math.max(p.chunk, p.chunks)));
  }
  return html`
    <div part="progress" class="progress">
      <div
        part="progress-bar"
        class="bar"
        role="progressbar"
        aria-label=${s.progressLabel}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.floor(p.percent)}
        aria-valuetext=${figures.slice(0, 2).join(', ')}
      >
        <div part="progress-fill" class="fill" style="transform: scaleX(${p.percent / 100})"></div>
      </div>
      <div part="progress-text" class="figures">${figures.join(' · ')}</div>
    </div>
  `;
}

/** Another tab uploading this file: its bytes as the bar with percent and bytes. */
export const otherTabBar = (ctx: ViewContext, { bytesUploaded, bytesTotal }: OtherTabProgress) =>
  progressBar(ctx, { bytesUploaded, bytesTotal, percent: bytesTotal ? Math.min(100, (bytesUploaded / bytesTotal) * 100) : 0, bytesPerSecond: null, secondsLeft: null, bytesAccepted: bytesUploaded, chunk: 0, chunks: null }, 'paused', true);
