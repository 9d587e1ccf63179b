/**
 * The details panel (issue #18, attribute `details`): title, description, poster (a frame of the local
 * preview with a scrubber and "Use this frame", or "Choose an image"; after `ready`, Gcore's
 * screenshots), subtitles with a language each, and Save. A form, so Enter in the title saves too;
 * every control is labelled and reachable with the keyboard.
 */
import { html, nothing } from 'lit';
import type { DetailsController, DetailsDraft, DetailsItem } from '../controllers/details-controller.js';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from '../details/codes.js';
import { languageOptions, type LanguageOption } from '../details/languages.js';
import { POSTER_ACCEPT } from '../details/poster.js';
import type { Strings } from '../i18n/en.js';
import { SUBTITLE_ACCEPT } from '../details/subtitle-check.js';
import type { GcoreUploaderError } from '../errors.js';
import { formatDuration } from '../format.js';

export interface DetailsViewContext {
  s: Strings['details'];
  /** An error's sentence in the page's language. */
  errorText(error: GcoreUploaderError): string;
  lang: string | undefined;
  disabled: boolean;
  /** The element asks for AI captions (`auto-captions`). */
  autoCaptions: boolean;
  item: DetailsItem;
  draft: DetailsDraft;
  ctl: DetailsController;
}

const optionsByLang = new Map<string, LanguageOption[]>();
const optionsFor = (lang: string | undefined) => {
  const key = lang ?? '';
  let list = optionsByLang.get(key);
  if (!list) optionsByLang.set(key, (list = languageOptions(lang)));
  return list;
};

const BYTES_UP = new Set(['success', 'processing', 'ready']);

function statusText({ s, item, draft, ctl }: DetailsViewContext): string {
  if (draft.saving) return '';
  if (draft.saved) return s.saved;
  const up = BYTES_UP.has(item.state);
  if (!item.editUrl && (up || item.state === 'uploading')) return s.noEditUrl;
  if (ctl.pending && !up) return s.unsaved;
  return '';
}

/** Opens the hidden file input of `selector` in the panel. */
const pick = (e: Event, selector: string) => (e.currentTarget as HTMLElement).closest('form')?.querySelector<HTMLInputElement>(selector)?.click();
const takeFiles = (e: Event): File[] => {
  const input = e.target as HTMLInputElement;
  const files = input.files ? [...input.files] : [];
  input.value = '';
  return files;
};

export function detailsPanel(ctx: DetailsViewContext) {
  const { s, draft, ctl, disabled } = ctx;
  const error = draft.error;
  return html`
    <form
      part="details"
      class="details"
      aria-labelledby="details-heading"
      novalidate
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void ctl.save();
      }}
    >
      <p id="details-heading" class="details-heading">${s.heading}</p>
      <div class="field">
        <label for="details-title">${s.title}</label>
        <input
          id="details-title"
          part="details-title"
          type="text"
          autocomplete="off"
          maxlength=${MAX_TITLE_LENGTH}
          .value=${draft.title}
          ?disabled=${disabled}
          @input=${(e: InputEvent) => ctl.setTitle((e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="field">
        <label for="details-description">${s.description}</label>
        <textarea
          id="details-description"
          part="details-description"
          rows="3"
          maxlength=${MAX_DESCRIPTION_LENGTH}
          .value=${draft.description}
          ?disabled=${disabled}
          @input=${(e: InputEvent) => ctl.setDescription((e.target as HTMLTextAreaElement).value)}
        ></textarea>
      </div>
      ${posterFields(ctx)} ${subtitleFields(ctx)}
      ${error ? html`<div part="error details-error" class="error" role="alert"><p class="message">${ctx.errorText(error)}</p></div>` : nothing}
      <div class="details-actions">
        <button part="button details-save" class="primary" type="submit" ?disabled=${disabled || draft.saving}>${draft.saving ? s.saving : s.save}</button>
        <span part="details-status" class="details-status" role="status">${statusText(ctx)}</span>
      </div>
    </form>
  `;
}

function posterFields(ctx: DetailsViewContext) {
  const { s, draft, ctl, item, disabled, lang } = ctx;
  const frames = Boolean(draft.previewUrl) && !draft.previewFailed;
  const screenshots = item.state === 'ready' ? (item.video?.screenshots ?? []).filter((u): u is string => typeof u === 'string' && u !== '') : [];
  const current = draft.screenshotId ?? (draft.poster ? null : typeof item.video?.screenshot_id === 'number' ? (item.video.screenshot_id as number) : null);
  return html`<fieldset part="details-poster" class="poster">
    <legend>${s.poster}</legend>
    <div class="poster-row">
      ${frames
        ? html`<div class="frame-picker">
            <video
              class="details-frame"
              part="details-frame"
              src=${draft.previewUrl!}
              muted
              playsinline
              preload="auto"
              aria-label=${s.localPreview}
              @loadedmetadata=${(e: Event) => ctl.previewLoaded(e.target as HTMLVideoElement)}
              @error=${() => ctl.previewFailed()}
            ></video>
            <input
              class="scrubber"
              part="details-scrubber"
              type="range"
              min="0"
              max=${draft.duration || 0}
              step="any"
              .value=${String(draft.time)}
              aria-label=${s.frame}
              aria-valuetext=${formatDuration(draft.time, lang)}
              ?disabled=${disabled || !draft.duration}
              @input=${(e: InputEvent) => ctl.seek(Number((e.target as HTMLInputElement).value))}
            />
          </div>`
        : draft.previewUrl
          ? html`<p class="hint">${s.noFramePreview}</p>`
          : nothing}
      ${draft.poster ? html`<img part="details-poster-image" class="poster-chosen" src=${draft.poster.dataUrl} alt=${s.posterChosen} />` : nothing}
    </div>
    <div class="actions">
      ${frames ? html`<button part="button" type="button" ?disabled=${disabled || !draft.duration} @click=${() => void ctl.useFrame()}>${s.useFrame}</button>` : nothing}
      <button part="button" type="button" ?disabled=${disabled} @click=${(e: Event) => pick(e, 'input.poster-input')}>${s.chooseImage}</button>
      <input
        class="poster-input"
        type="file"
        hidden
        accept=${POSTER_ACCEPT}
        tabindex="-1"
        aria-hidden="true"
        @change=${(e: Event) => {
          const [file] = takeFiles(e);
          if (file) void ctl.choosePoster(file);
        }}
      />
    </div>
    <p class="hint">${s.posterHint}</p>
    ${screenshots.length
      ? html`<div part="details-screenshots" class="screenshots" role="group" aria-label=${s.screenshots}>
          ${screenshots.map(
            (url, i) => html`<button part="button details-screenshot" class="screenshot" type="button" aria-pressed=${current === i ? 'true' : 'false'} ?disabled=${disabled} @click=${() => ctl.chooseScreenshot(i)}>
              <img src=${url} alt=${s.screenshot(i + 1)} />
            </button>`,
          )}
        </div>`
      : nothing}
  </fieldset>`;
}

function subtitleFields(ctx: DetailsViewContext) {
  const { s, draft, ctl, item, disabled, lang, autoCaptions } = ctx;
  const options = optionsFor(lang);
  return html`<fieldset part="details-subtitles" class="subtitles">
    <legend>${s.subtitles}</legend>
    ${draft.subtitles.length
      ? html`<ul class="subtitle-list">
          ${draft.subtitles.map((sub) => {
            const locked = sub.state === 'sent' || sub.state === 'sending';
            return html`<li part="details-subtitle" class="subtitle ${sub.state}">
              <span class="subtitle-name" title=${sub.fileName}>${sub.fileName}</span>
              <select aria-label=${s.languageOf(sub.fileName)} ?disabled=${disabled || locked} @change=${(e: Event) => ctl.setSubtitleLanguage(sub.key, (e.target as HTMLSelectElement).value)}>
                ${options.map((o) => html`<option value=${o.code} ?selected=${o.code === sub.language}>${o.label}</option>`)}
              </select>
              <span class="subtitle-state">${s.subtitleState[sub.state]}</span>
              ${locked ? nothing : html`<button part="button" type="button" aria-label=${s.removeSubtitle(sub.fileName)} ?disabled=${disabled} @click=${() => ctl.removeSubtitle(sub.key)}>×</button>`}
            </li>`;
          })}
        </ul>`
      : nothing}
    <div class="actions">
      <button part="button" type="button" ?disabled=${disabled} @click=${(e: Event) => pick(e, 'input.subtitle-input')}>${s.addSubtitles}</button>
      <input class="subtitle-input" type="file" hidden multiple accept=${SUBTITLE_ACCEPT} tabindex="-1" aria-hidden="true" @change=${(e: Event) => void ctl.addSubtitles(takeFiles(e))} />
    </div>
    <p class="hint">${s.subtitlesHint}</p>
    ${autoCaptions ? html`<p part="details-auto-captions" class="hint auto-captions">${item.autoCaptions === false ? s.autoCaptionsOff : s.autoCaptions}</p>` : nothing}
  </fieldset>`;
}
