/**
 * The one table of the uploader's events: every name, its detail and whether it can be refused. The
 * element's DOM events, the React wrapper's `on…` props and the Vue typings are all derived from it.
 *
 * `F` is what a file is: a browser `File` for the element; in Node whatever was given to `add()`.
 */
import type { DetailsErrorCode, ErrorDetail, ErrorParams, LoadErrorCode, ProcessingErrorCode, UploadErrorCode } from '../errors.js';
import type { GcoreSubtitle, VideoDetailsField } from './details.js';
import type { GcoreVideo } from '../status/video.js';

export interface UploaderEventDetails<F = File> {
  /** A file was picked or dropped (fired by a view before `add`); refusing it drops the file. */
  'file-select': { file: F };
  /** The server created (or, `resumed`, still had) the upload; `offset` is what it already holds. */
  'upload-start': { file: F; videoId: string; resumed: boolean; offset: number };
  'upload-progress': { file: F; bytesUploaded: number; bytesTotal: number; percent: number; bytesPerSecond: number | null; secondsLeft: number | null };
  'chunk-complete': { file: F; chunkSize: number; bytesAccepted: number; bytesTotal: number };
  /** `reason`: `user` (pause()/resume()) or `network` (offline / back online). */
  'upload-pause': { file: F; videoId: string | null; reason: 'user' | 'network' };
  'upload-resume': { file: F; videoId: string | null; reason: 'user' | 'network' };
  'upload-success': { videoId: string; file: F };
  /** `code` is `asset-load-failed` when the upload engine (`upload.mjs`) could not be loaded. */
  'upload-error': ErrorDetail & { code: UploadErrorCode | LoadErrorCode; file: F | null };
  /** `file` is null for a video imported from a link. */
  'status-change': { status: string; video: GcoreVideo; file: F | null };
  'video-viewable': { video: GcoreVideo; file: F | null };
  'video-ready': { video: GcoreVideo; file: F | null };
  'processing-error': { code: ProcessingErrorCode; message: string; video: GcoreVideo | null; file: F | null };
  'import-start': { url: string; videoId: string; video: GcoreVideo | null };
  /**
   * A video's details were saved through the session's `edit_url` (`details`): `fields` names what was
   * saved (`name`, `description`, `poster`, `screenshot_id`, or `subtitle` for a subtitle added); `video`
   * is Gcore's answer to a PATCH, `subtitle` its answer to a subtitle added.
   */
  'details-saved': { file: F | null; videoId: string | null; fields: DetailsSavedField[]; video: GcoreVideo | null; subtitle: GcoreSubtitle | null };
  /** A poster or subtitle file was refused in the page, or saving the details failed; `params.line` names a subtitle's wrong line. */
  'details-error': { file: F | null; videoId: string | null; code: DetailsErrorCode; message: string; params: Readonly<ErrorParams> };
  /** A part loaded on first use could not be loaded: `asset` is `upload.mjs`, `status.mjs`, `player.mjs`, `hls-light.mjs`, `hls.mjs` or `locales/xx.mjs`. */
  error: { code: LoadErrorCode; message: string; asset: string };
}

export type UploaderEventName = keyof UploaderEventDetails;

/** What a `details-saved` event says was saved. */
export type DetailsSavedField = VideoDetailsField | 'subtitle';

/** Every event, in the order they usually come, and whether a listener can refuse it. */
export const UPLOADER_EVENTS = {
  'file-select': { cancelable: true },
  'upload-start': { cancelable: false },
  'upload-progress': { cancelable: false },
  'chunk-complete': { cancelable: false },
  'upload-pause': { cancelable: false },
  'upload-resume': { cancelable: false },
  'upload-success': { cancelable: false },
  'upload-error': { cancelable: false },
  'status-change': { cancelable: false },
  'video-viewable': { cancelable: false },
  'video-ready': { cancelable: false },
  'processing-error': { cancelable: false },
  'import-start': { cancelable: false },
  'details-saved': { cancelable: false },
  'details-error': { cancelable: false },
  error: { cancelable: false },
} as const satisfies Record<UploaderEventName, { cancelable: boolean }>;

export const UPLOADER_EVENT_NAMES = Object.keys(UPLOADER_EVENTS) as UploaderEventName[];

type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** `upload-success` → `onUploadSuccess`: the prop name React and Vue give an event. */
export type EventPropName<N extends string> = `on${Pascal<N>}`;

export function eventPropName<N extends UploaderEventName>(name: N): EventPropName<N> {
  return `on${name.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase())}` as EventPropName<N>;
}

/** The DOM events of the element: `CustomEvent`s carrying the details above. */
export type UploaderEventMap<F = File> = { [K in UploaderEventName]: CustomEvent<UploaderEventDetails<F>[K]> };

/** `{onUploadSuccess?: (event) => void, …}` for every event: the shape of framework props. */
export type EventHandlerProps<F = File> = { [K in UploaderEventName as EventPropName<K>]?: (event: CustomEvent<UploaderEventDetails<F>[K]>) => void };
