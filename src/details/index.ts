/**
 * The details part (issue #18), loaded only once the element has `details` (lazy.ts: a chunk, or
 * `details.mjs` next to the CDN file): the panel's controller, view and styles, the poster's frame
 * capture and checks, the subtitle checks and SRT → WebVTT, the languages list, and the DOM-free
 * details client the core uses to save (also loaded by itself by the core, lazy.ts `loadDetailsClient`).
 */
export { DetailsController, titleFromFileName, type DetailsDeps, type DetailsDraft, type DetailsItem, type DetailsPrefill, type SubtitleDraft } from '../controllers/details-controller.js';
export { detailsPanel, type DetailsViewContext } from '../views/details.js';
export { DETAILS_CSS } from '../views/details.styles.js';
export { cleanDetails, patchVideoDetails, postSubtitle, subtitlesUrlFor } from '../core/details.js';
export { srtToVtt } from './srt.js';
export { checkSrt, checkSubtitleFile, checkSubtitleText, checkVtt } from './subtitle-check.js';
export { fitJpeg, posterFromFile, posterFromVideo } from './poster.js';
export { guessLanguage, languageCode, languageLabel, languageOptions, SUBTITLE_LANGUAGE_CODES } from './languages.js';
