// <GcoreUploader> from gcore-uploader/react in a React 19 app (no JSX, so Vite needs no plugin).
// In an app: import { GcoreUploader } from 'gcore-uploader/react';
import { createElement as h, Fragment, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GcoreUploader } from '../../src/react/index.ts';
import type { GcoreUploader as GcoreUploaderElement } from '../../src/gcore-uploader.ts';

const SESSION_URL = '/api/gcore/session'; // the demo backend (gcore-uploader/server); status_url comes with the session

function App() {
  const uploader = useRef<GcoreUploaderElement>(null);
  const [log, setLog] = useState<string[]>([]);
  const [status, setStatus] = useState('no video yet');
  const [disabled, setDisabled] = useState(false);
  const note = (line: string) => setLog((lines) => [`${new Date().toLocaleTimeString()} ${line}`, ...lines].slice(0, 100));

  return h(
    Fragment,
    null,
    h('h1', null, '<GcoreUploader> in React'),
    h(GcoreUploader, {
      ref: uploader,
      sessionUrl: SESSION_URL,
      disabled,
      onFileSelect: (e) => note(`file-select ${e.detail.file.name}`),
      onUploadStart: (e) => note(`upload-start video ${e.detail.videoId}${e.detail.resumed ? ` (resumed at ${e.detail.offset} B)` : ''}`),
      onChunkComplete: (e) => note(`chunk-complete ${e.detail.bytesAccepted} / ${e.detail.bytesTotal} B`),
      onUploadPause: (e) => note(`upload-pause (${e.detail.reason})`),
      onUploadResume: (e) => note(`upload-resume (${e.detail.reason})`),
      onUploadSuccess: (e) => note(`upload-success video ${e.detail.videoId}`),
      onUploadError: (e) => note(`upload-error ${e.detail.code}: ${e.detail.message}`),
      onStatusChange: (e) => {
        setStatus(e.detail.status);
        note(`status-change ${e.detail.status}`);
      },
      onVideoViewable: (e) => note(`video-viewable ${e.detail.video.hls_url ?? ''}`),
      onVideoReady: (e) => note(`video-ready ${e.detail.video.id}`),
      onProcessingError: (e) => note(`processing-error ${e.detail.code}: ${e.detail.message}`),
    }),
    h(
      'p',
      null,
      `Gcore status: ${status} · `,
      h('label', null, h('input', { type: 'checkbox', checked: disabled, onChange: () => setDisabled(!disabled) }), ' disabled'),
      ' · ',
      h('button', { type: 'button', onClick: () => note(`state: ${uploader.current?.state}, video id: ${uploader.current?.videoId ?? '—'}`) }, 'Read state through the ref'),
    ),
    h('h2', null, 'Events (through React props)'),
    h('pre', { 'aria-live': 'off' }, log.join('\n')),
  );
}

createRoot(document.getElementById('root')!).render(h(App));
