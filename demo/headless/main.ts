// A complete upload UI on the headless core: a file input, a progress bar, a status line, a preview.
import { createUploader, type GcoreUploaderError } from '../../src/core/index.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const [input, pause, bar, status, preview] = [$<HTMLInputElement>('file'), $<HTMLButtonElement>('pause'), $<HTMLProgressElement>('bar'), $('status'), $<HTMLVideoElement>('preview')];

// The demo backend (gcore-uploader/server) answers sessions; their status_url lets the core follow processing.
const uploader = createUploader({ sessionUrl: '/api/gcore/session', pollInterval: 1000 });

const words: Record<string, string> = {
  idle: 'Choose a video.', preparing: 'Preparing…', uploading: 'Uploading…', paused: 'Paused.', success: 'Uploaded.',
  processing: 'Gcore is processing the video…', ready: 'Ready in every quality.', 'confirm-resume': 'Resuming…',
};
const say = (error: GcoreUploaderError) => `Failed: ${error.message}${error.serverMessage ? ` (${error.serverMessage})` : ''}`;

// One render from the snapshot, on every change.
uploader.subscribe(() => {
  const { state, items } = uploader.getSnapshot();
  const item = items.at(-1);
  bar.hidden = !item?.progress;
  bar.value = item?.progress?.percent ?? 0;
  pause.hidden = state !== 'uploading' && state !== 'paused';
  pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
  status.textContent = item?.error ? say(item.error) : `${words[state] ?? state}${item?.progress && state === 'uploading' ? ` ${item.progress.percent} %` : ''}`;
  input.disabled = state === 'uploading' || state === 'preparing' || state === 'paused';
});

// The preview as soon as the video plays in one quality (hls.js where Media Source Extensions exist).
uploader.on('video-viewable', async ({ video }) => {
  preview.hidden = false;
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) return void (preview.src = video.hls_url!);
  const hls = new Hls();
  hls.loadSource(video.hls_url!);
  hls.attachMedia(preview);
});

input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  await uploader.reset();
  preview.hidden = true;
  uploader.add(file);
});
pause.addEventListener('click', () => (uploader.getSnapshot().state === 'paused' ? uploader.resume() : uploader.pause()));
