/**
 * `gcore-uploader/react`: `<GcoreUploader>` for React 18/19, a wrapper made with `@lit/react`.
 *
 *   import { GcoreUploader } from 'gcore-uploader/react';
 *   <GcoreUploader sessionUrl="/api/session" onUploadSuccess={(e) => console.log(e.detail.videoId)} />
 *
 * Every property of the element is a prop (objects and functions such as `session` or `getSession` are set
 * as properties, not attributes); every event has an `on…` prop; `ref` gives the element itself, for its
 * methods (`upload()`, `pause()`, …) and read-only properties (`state`, `progress`, `video`, …).
 *
 * Importing this module touches no DOM: in Node (server rendering) it only builds the component.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { GcoreUploader as GcoreUploaderElement } from '../gcore-uploader.js';
import { defineGcoreUploader } from '../index.js';
import type {
  ChunkCompleteDetail,
  FileSelectDetail,
  ImportStartDetail,
  ProcessingErrorDetail,
  StatusChangeDetail,
  UploadErrorDetail,
  UploadPauseDetail,
  UploadProgressDetail,
  UploadResumeDetail,
  UploadStartDetail,
  UploadSuccessDetail,
  VideoDetail,
} from '../events.js';

// The element must be defined for React to render more than an unknown tag. A no-op without a DOM
// (or when `gcore-uploader` is already defined).
defineGcoreUploader();

/** The event props of `<GcoreUploader>` and the DOM event each one listens to. */
export const GCORE_UPLOADER_REACT_EVENTS = {
  onFileSelect: 'file-select' as EventName<CustomEvent<FileSelectDetail>>,
  onUploadStart: 'upload-start' as EventName<CustomEvent<UploadStartDetail>>,
  onUploadProgress: 'upload-progress' as EventName<CustomEvent<UploadProgressDetail>>,
  onChunkComplete: 'chunk-complete' as EventName<CustomEvent<ChunkCompleteDetail>>,
  onUploadPause: 'upload-pause' as EventName<CustomEvent<UploadPauseDetail>>,
  onUploadResume: 'upload-resume' as EventName<CustomEvent<UploadResumeDetail>>,
  onUploadSuccess: 'upload-success' as EventName<CustomEvent<UploadSuccessDetail>>,
  onUploadError: 'upload-error' as EventName<CustomEvent<UploadErrorDetail>>,
  onStatusChange: 'status-change' as EventName<CustomEvent<StatusChangeDetail>>,
  onVideoViewable: 'video-viewable' as EventName<CustomEvent<VideoDetail>>,
  onVideoReady: 'video-ready' as EventName<CustomEvent<VideoDetail>>,
  onProcessingError: 'processing-error' as EventName<CustomEvent<ProcessingErrorDetail>>,
  onImportStart: 'import-start' as EventName<CustomEvent<ImportStartDetail>>,
} as const;

type Events = typeof GCORE_UPLOADER_REACT_EVENTS;

/**
 * The element's settable properties. Only these are props: its methods and read-only properties are not
 * (use a `ref`), and neither are its internal callbacks whose names look like event props.
 */
export type GcoreUploaderPropertyName =
  | 'session'
  | 'sessionUrl'
  | 'getSession'
  | 'chunkSize'
  | 'retryDelays'
  | 'accept'
  | 'maxFileSize'
  | 'resumePolicy'
  | 'disabled'
  | 'statusUrl'
  | 'getStatus'
  | 'pollInterval'
  | 'noPreview'
  | 'multiple'
  | 'maxConcurrent'
  | 'importUrl'
  | 'name'
  | 'required'
  | 'strings';

type ElementProps = Partial<Pick<GcoreUploaderElement, GcoreUploaderPropertyName>>;
type EventProps = { [K in keyof Events]?: (event: Events[K]['__eventType']) => void };

/** The props `<GcoreUploader>` takes: HTML attributes, the element's properties and `on…` event handlers. */
export type GcoreUploaderProps = Omit<React.HTMLAttributes<GcoreUploaderElement>, keyof Events | keyof ElementProps> &
  ElementProps &
  EventProps &
  React.RefAttributes<GcoreUploaderElement>;

/** `<GcoreUploader>`: the `<gcore-uploader>` element as a React component; its `ref` is the element. */
export const GcoreUploader: React.ForwardRefExoticComponent<GcoreUploaderProps> = createComponent({
  react: React,
  tagName: 'gcore-uploader',
  elementClass: GcoreUploaderElement,
  events: GCORE_UPLOADER_REACT_EVENTS,
  displayName: 'GcoreUploader',
}) as unknown as React.ForwardRefExoticComponent<GcoreUploaderProps>;

/** What a `ref` on `<GcoreUploader>` points to: the element. */
export type GcoreUploaderElementType = GcoreUploaderElement;
