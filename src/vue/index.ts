/**
 * `gcore-uploader/vue`: types only. Makes `<gcore-uploader>` a typed global component in Vue 3 templates
 * (vue-tsc / Vue - Official), with its props and `@upload-success`-style event handlers:
 *
 *   // env.d.ts (or any .ts file the project compiles)
 *   import type {} from 'gcore-uploader/vue';
 *
 * The element itself comes from `import 'gcore-uploader'`, and Vue's compiler must be told it is a custom
 * element: `compilerOptions.isCustomElement: (tag) => tag === 'gcore-uploader'`.
 *
 * Objects and functions (`session`, `getSession`, `getStatus`, `retryDelays`) are bound as properties:
 * `:session="s"` (Vue sets a property when the element has one) or explicitly `:session.prop="s"` /
 * `.session="s"`. Set the resume policy with `:resumePolicy="'ask'"` or force the attribute with
 * `:resume.attr="'ask'"`: a plain `resume="ask"` is set by Vue as a property, over the `resume()` method.
 */
import type { DefineComponent } from 'vue';
import type { GcoreUploader } from '../gcore-uploader.js';
import type {
  ChunkCompleteDetail,
  FileSelectDetail,
  ProcessingErrorDetail,
  StatusChangeDetail,
  UploadErrorDetail,
  UploadPauseDetail,
  UploadProgressDetail,
  UploadResumeDetail,
  UploadStartDetail,
  UploadSuccessDetail,
  VideoDetail,
  ImportStartDetail,
} from '../events.js';

/** Props of `<gcore-uploader>` in a Vue template (kebab-case attributes map to these camelCase names). */
export interface GcoreUploaderVueProps {
  /** Gcore's upload session object (bind it: `:session="s"`), or its JSON text. */
  session?: GcoreUploader['session'];
  /** `session-url`: backend URL answering `POST {name, size, type}` with a session. */
  sessionUrl?: GcoreUploader['sessionUrl'];
  /** Your own `(file) => Promise<session>`; bind it as a property. */
  getSession?: GcoreUploader['getSession'];
  /** `chunk-size`: bytes per PATCH. */
  chunkSize?: GcoreUploader['chunkSize'] | string;
  /** `retry-delays`: ms before each retry (array as a property, or `"0,1000,3000"` / JSON as the attribute). */
  retryDelays?: GcoreUploader['retryDelays'] | string;
  accept?: GcoreUploader['accept'];
  /** `max-file-size`, bytes. */
  maxFileSize?: GcoreUploader['maxFileSize'] | string;
  /** The `resume` attribute's property: `auto`, `ask` or `never`. */
  resumePolicy?: GcoreUploader['resumePolicy'];
  disabled?: boolean | '';
  /** `status-url`: where to read the video's status after the upload, with `{id}` for the video id. */
  statusUrl?: GcoreUploader['statusUrl'];
  /** Your own way to read the video's status; bind it as a property. */
  getStatus?: GcoreUploader['getStatus'];
  /** `poll-interval`: ms between two status requests. */
  pollInterval?: GcoreUploader['pollInterval'] | string;
  /** `no-preview`: no player once the video is viewable. */
  noPreview?: GcoreUploader['noPreview'] | '';
  /** Several files, each with its own session and row. */
  multiple?: boolean | '';
  /** `max-concurrent`: with `multiple`, files uploading at once. */
  maxConcurrent?: GcoreUploader['maxConcurrent'] | string;
  /** `import-url`: the backend's import route; shows a "Paste a link" tab. */
  importUrl?: GcoreUploader['importUrl'];
  /** The form field's name. */
  name?: string;
  /** In a form: no submit until a video is uploaded. */
  required?: boolean | '';
  /** Your own texts over the built-in ones; bind it as a property. */
  strings?: GcoreUploader['strings'];

  onFileSelect?: (event: CustomEvent<FileSelectDetail>) => void;
  onUploadStart?: (event: CustomEvent<UploadStartDetail>) => void;
  onUploadProgress?: (event: CustomEvent<UploadProgressDetail>) => void;
  onChunkComplete?: (event: CustomEvent<ChunkCompleteDetail>) => void;
  onUploadPause?: (event: CustomEvent<UploadPauseDetail>) => void;
  onUploadResume?: (event: CustomEvent<UploadResumeDetail>) => void;
  onUploadSuccess?: (event: CustomEvent<UploadSuccessDetail>) => void;
  onUploadError?: (event: CustomEvent<UploadErrorDetail>) => void;
  onStatusChange?: (event: CustomEvent<StatusChangeDetail>) => void;
  onVideoViewable?: (event: CustomEvent<VideoDetail>) => void;
  onVideoReady?: (event: CustomEvent<VideoDetail>) => void;
  onProcessingError?: (event: CustomEvent<ProcessingErrorDetail>) => void;
  onImportStart?: (event: CustomEvent<ImportStartDetail>) => void;
}

/** `<gcore-uploader>` as Vue's type tools see it; a template ref on it is the element (`GcoreUploader`). */
export type GcoreUploaderVueComponent = DefineComponent<GcoreUploaderVueProps>;

declare module 'vue' {
  interface GlobalComponents {
    'gcore-uploader': GcoreUploaderVueComponent;
  }
}
