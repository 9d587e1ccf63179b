/** Every text the element shows, in English. Other locales provide the same keys. */
import type { ErrorCode } from '../errors.js';

const manifestRefused = 'HLS and DASH manifests (.m3u8, .mpd) are for playback, not upload. Choose the original video file.';
const notValid = 'The upload session is not valid:';
const noStatus = 'Could not get the status of the video from the server';

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
  /** One sentence per error code (`message` is this English one). */
  errors: {
    'invalid-session': 'The upload session from the server is not valid, so the upload cannot start.',
    'session-request-failed': 'Could not get an upload session from the server.',
    'invalid-file-type': 'This file type cannot be uploaded. Choose a video file such as MP4, MOV, MKV or WebM.',
    'empty-file': 'This file is empty.',
    'file-too-large': 'This file is larger than the maximum allowed size.',
    'no-upload-server': 'None of the upload servers could be reached.',
    'method-not-allowed': 'The upload server refused to create the upload (HTTP 405). Check the upload parameters.',
    'rate-limited': 'The upload server is receiving too many requests. Try again in a moment.',
    'token-invalid': 'The upload token is invalid or has expired. Request a new upload session.',
    'token-video-mismatch': 'The upload token was issued for a different video.',
    'token-client-mismatch': 'The upload token was issued for a different account.',
    network: 'The connection to the upload server was lost.',
    'server-error': 'The upload server answered with an error.',
    aborted: 'The upload was cancelled.',
    'invalid-url': 'Enter an http(s) or sftp link to a video file.',
    'import-failed': 'The server could not start the import from this link.',
    'processing-failed': 'The video could not be processed.',
    'status-request-failed': `${noStatus}.`,
    'playback-failed': 'The preview could not be played.',
    'asset-load-failed': 'A part of the uploader could not be loaded. Check the connection and reload the page.',
  } as Record<ErrorCode, string>,
  /** More precise sentences, by code and `params.reason` (their values: ERROR_REASONS in errors.ts). */
  errorReasons: {
    'invalid-session': {
      'not-json': `${notValid} it is not JSON.`,
      'not-object': `${notValid} expected an object with servers, token and video.`,
      'no-token': `${notValid} it has no token.`,
      'no-video': `${notValid} it has no video.`,
      'no-video-id': `${notValid} its video has no id.`,
      'no-client-id': `${notValid} its video has no client_id.`,
      'no-servers': `${notValid} it has no servers.`,
      'no-active-server': `${notValid} it has no active upload server.`,
      'bad-status-url': `${notValid} its status_url is not a string.`,
      'no-source': 'There is no upload session: set session, session-url or getSession.',
    },
    'session-request-failed': {
      unreachable: 'Could not reach the server for an upload session.',
      refused: (status: number) => `The server refused an upload session (HTTP ${status}).`,
      thrown: 'Could not get an upload session.',
    },
    'invalid-file-type': { manifest: manifestRefused },
    'import-failed': {
      unreachable: 'Could not reach the server to import the link.',
      'no-id': 'The server answered the import without a video id.',
      'no-route': 'There is no import route (import-url) to send the link to.',
    },
    'status-request-failed': {
      refused: (status: number) => `${noStatus} (HTTP ${status}).`,
      repeated: (count: number) => `${noStatus}: ${count} requests in a row failed.`,
      'not-video': `${noStatus}: the answer is not a video object.`,
    },
    aborted: { 'nothing-to-retry': 'There is no file to try again.' },
  },
  manifestRefused,
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
