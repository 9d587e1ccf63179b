/**
 * Event names and detail types of the element: every event is a bubbling, composed CustomEvent. All of
 * them come from the one table in core/events.ts; these names are kept for applications that import them.
 */
import type { UploaderEventDetails, UploaderEventMap, UploaderEventName } from './core/events.js';

type D = UploaderEventDetails<File>;
export type FileSelectDetail = D['file-select'];
export type UploadStartDetail = D['upload-start'];
export type UploadProgressDetail = D['upload-progress'];
export type ChunkCompleteDetail = D['chunk-complete'];
export type UploadPauseDetail = D['upload-pause'];
export type UploadResumeDetail = D['upload-resume'];
export type UploadSuccessDetail = D['upload-success'];
export type UploadErrorDetail = D['upload-error'];
export type StatusChangeDetail = D['status-change'];
export type VideoDetail = D['video-viewable'];
export type ProcessingErrorDetail = D['processing-error'];
export type ImportStartDetail = D['import-start'];
export type AssetErrorDetail = D['error'];
export type DetailsSavedDetail = D['details-saved'];
export type DetailsErrorDetail = D['details-error'];

export type GcoreUploaderEventMap = UploaderEventMap<File>;
export type GcoreUploaderEventName = UploaderEventName;

/** The element's events with their details, and the events every HTML element has. */
export interface GcoreUploaderElementEventMap extends Omit<HTMLElementEventMap, keyof GcoreUploaderEventMap>, GcoreUploaderEventMap {}
