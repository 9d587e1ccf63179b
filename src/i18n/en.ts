/** Every text the element shows, in English. Other locales provide the same keys. */
import { ERROR_MESSAGES, type ErrorCode } from '../errors.js';
import { MANIFEST_MESSAGE } from '../file-check.js';

export const en = {
  dropPrompt: 'Drag and drop a video here, or',
  selectButton: 'Choose a video',
  dropActive: 'Drop the video to upload it',
  progressLabel: 'Upload progress',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Try again',
  resumeQuestion: 'An unfinished upload of this file was found. Continue where it stopped?',
  resumeYes: 'Continue upload',
  resumeNo: 'Start over',
  serverSaid: 'Server response',
  offline: 'Paused: no network connection. The upload goes on when the connection is back.',
  status: {
    idle: '',
    preparing: 'Preparing the upload…',
    'confirm-resume': 'Unfinished upload found',
    uploading: 'Uploading…',
    paused: 'Paused',
    success: 'Upload complete',
    error: 'Upload failed',
    processing: 'Processing the video…',
    ready: 'The video is ready',
  },
  videoStatus: {
    empty: 'Waiting for Gcore to check the file…',
    pending: 'Processing the video…',
    viewable: 'Ready to watch; more qualities on the way…',
    ready: 'Ready to watch in every quality',
    error: 'Processing failed',
  } as Record<string, string>,
  renditionsLabel: 'Qualities',
  previewLabel: 'Preview',
  retryPlayback: 'Retry playback',
  rendition: (label: string, percent: string) => `${label} ${percent}`,
  ofBytes: (uploaded: string, total: string) => `${uploaded} of ${total}`,
  timeLeft: (time: string) => `${time} left`,
  chunkOf: (n: number, m: number) => `chunk ${n} of ${m}`,
  errors: ERROR_MESSAGES as Record<ErrorCode, string>,
  manifestRefused: MANIFEST_MESSAGE,
  // Many files
  dropPromptMultiple: 'Drag and drop videos here, or',
  selectButtonMultiple: 'Choose videos',
  filesLabel: 'Uploads',
  remove: 'Remove',
  totalProgress: (done: number, total: number) => `${done} of ${total} uploaded`,
  queued: 'Waiting…',
  watch: 'Watch',
  // From a link
  tabFile: 'Upload a file',
  tabLink: 'Paste a link',
  linkLabel: 'Link to a video file',
  linkPlaceholder: 'https://example.com/video.mp4',
  linkSubmit: 'Import',
  linkHint: 'An http(s) or sftp link to the original file (MP4, MOV, MKV…).',
  importing: 'Gcore is downloading the video…',
  // Forms
  required: 'Upload a video first.',
};

export type Strings = typeof en;
