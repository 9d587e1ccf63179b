// <gcore-uploader> in a Vue 3 app, with a render function (Vite serves Vue's runtime-only build without
// the Vue plugin). The same in a single-file component's template, with the plugin's
// `compilerOptions.isCustomElement: (tag) => tag === 'gcore-uploader'`:
//
//   <gcore-uploader ref="uploader" session-url="/api/gcore/session" :disabled="disabled"
//     @upload-success="(e) => note(`upload-success video ${e.detail.videoId}`)"
//     @status-change="(e) => (status = e.detail.status)" />
//
// In an app: import 'gcore-uploader'; (and `import type {} from 'gcore-uploader/vue'` for typed templates)
import { createApp, defineComponent, h, ref } from 'vue';
import '../../src/index.ts';
import type { GcoreUploader } from '../../src/gcore-uploader.ts';
import type {
  ChunkCompleteDetail,
  FileSelectDetail,
  ProcessingErrorDetail,
  StatusChangeDetail,
  UploadErrorDetail,
  UploadPauseDetail,
  UploadStartDetail,
  UploadSuccessDetail,
  VideoDetail,
} from '../../src/events.ts';

const SESSION_URL = '/api/gcore/session'; // the demo backend (gcore-uploader/server); status_url comes with the session

const App = defineComponent({
  setup() {
    const uploader = ref<GcoreUploader | null>(null);
    const log = ref<string[]>([]);
    const status = ref('no video yet');
    const disabled = ref(false);
    const note = (line: string) => (log.value = [`${new Date().toLocaleTimeString()} ${line}`, ...log.value].slice(0, 100));

    return () => [
      h('h1', '<gcore-uploader> in Vue'),
      h('gcore-uploader', {
        ref: uploader,
        'session-url': SESSION_URL,
        disabled: disabled.value,
        // Vue turns onUploadSuccess into a listener for `upload-success`, like @upload-success in a template.
        onFileSelect: (e: CustomEvent<FileSelectDetail>) => note(`file-select ${e.detail.file.name}`),
        onUploadStart: (e: CustomEvent<UploadStartDetail>) =>
          note(`upload-start video ${e.detail.videoId}${e.detail.resumed ? ` (resumed at ${e.detail.offset} B)` : ''}`),
        onChunkComplete: (e: CustomEvent<ChunkCompleteDetail>) => note(`chunk-complete ${e.detail.bytesAccepted} / ${e.detail.bytesTotal} B`),
        onUploadPause: (e: CustomEvent<UploadPauseDetail>) => note(`upload-pause (${e.detail.reason})`),
        onUploadResume: (e: CustomEvent<UploadPauseDetail>) => note(`upload-resume (${e.detail.reason})`),
        onUploadSuccess: (e: CustomEvent<UploadSuccessDetail>) => note(`upload-success video ${e.detail.videoId}`),
        onUploadError: (e: CustomEvent<UploadErrorDetail>) => note(`upload-error ${e.detail.code}: ${e.detail.message}`),
        onStatusChange: (e: CustomEvent<StatusChangeDetail>) => {
          status.value = e.detail.status;
          note(`status-change ${e.detail.status}`);
        },
        onVideoViewable: (e: CustomEvent<VideoDetail>) => note(`video-viewable ${e.detail.video.hls_url ?? ''}`),
        onVideoReady: (e: CustomEvent<VideoDetail>) => note(`video-ready ${e.detail.video.id}`),
        onProcessingError: (e: CustomEvent<ProcessingErrorDetail>) => note(`processing-error ${e.detail.code}: ${e.detail.message}`),
      }),
      h('p', [
        `Gcore status: ${status.value} · `,
        h('label', [h('input', { type: 'checkbox', checked: disabled.value, onChange: () => (disabled.value = !disabled.value) }), ' disabled']),
        ' · ',
        h(
          'button',
          { type: 'button', onClick: () => note(`state: ${uploader.value?.state}, video id: ${uploader.value?.videoId ?? '—'}`) },
          'Read state through the ref',
        ),
      ]),
      h('h2', 'Events (through Vue listeners)'),
      h('pre', { 'aria-live': 'off' }, log.value.join('\n')),
    ];
  },
});

createApp(App).mount('#app');
