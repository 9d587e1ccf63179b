// <gcore-uploader> in Vue 3 (createApp): with h() render functions and with a template compiled at
// runtime. The session goes in as a property, events come out through Vue's own listeners
// (`onUploadSuccess` / `@upload-success`), and unmounting mid-upload stops every request.
import { expect, waitUntil } from '@open-wc/testing';
import { createApp, h, nextTick, ref, toRaw, type App } from 'vue';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import type { UploadSuccessDetail } from '../src/events.js';
import { clearResumeStorage, expectNoRequestAfter, makeFile, nextEvent, server, sha256 } from './support/helpers.js';

const CHUNK = 128 * 1024;

describe('Vue 3 (createApp)', () => {
  let container: HTMLElement;
  let app: App | null;
  let warnings: string[];

  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
    container = document.createElement('div');
    document.body.append(container);
    app = null;
    warnings = [];
  });

  afterEach(() => {
    app?.unmount();
    container.remove();
  });

  function mount(component: Parameters<typeof createApp>[0], configure?: (app: App) => void): void {
    app = createApp(component);
    app.config.warnHandler = (msg) => void warnings.push(msg);
    configure?.(app);
    app.mount(container);
  }

  async function expectOnServer(file: File) {
    const stats = await server.stats();
    const digest = await server.digest(stats.created.at(-1)!.id);
    expect(digest.size).to.equal(file.size);
    expect(digest.sha256).to.equal(await sha256(file));
  }

  it('h(): `.session` is set as a property and onUploadSuccess receives upload-success', async () => {
    const session = await server.session();
    const successes: Array<CustomEvent<UploadSuccessDetail>> = [];
    const el = ref<GcoreUploader | null>(null);
    mount({
      setup: () => () =>
        h('gcore-uploader', {
          ref: el,
          '.session': session,
          'chunk-size': CHUNK,
          '.retryDelays': [0, 200, 400],
          onUploadSuccess: (e: CustomEvent<UploadSuccessDetail>) => successes.push(e),
        }),
    });
    await waitUntil(() => el.value?.isConnected, 'Vue mounted the element');
    const uploader = el.value!;
    await uploader.updateComplete;

    expect(uploader.session, 'the very object, as a property').to.equal(session);
    expect(uploader.hasAttribute('session')).to.equal(false);
    expect(uploader.chunkSize).to.equal(CHUNK);
    expect(uploader.retryDelays).to.deep.equal([0, 200, 400]);

    const file = makeFile(CHUNK * 2 + 5, 'vue.mp4');
    const videoId = await uploader.upload(file);
    expect(videoId).to.equal(String(session.video.id));
    expect(successes).to.have.length(1);
    expect(successes[0].detail).to.include({ videoId, file });
    await expectOnServer(file);
    expect(warnings).to.deep.equal([]);
  });

  it('template: isCustomElement, :session.prop, :resume.attr and @upload-success', async () => {
    const session = await server.session();
    const successes: string[] = [];
    mount(
      {
        data: () => ({ session, chunk: CHUNK }),
        methods: {
          done(e: CustomEvent<UploadSuccessDetail>) {
            successes.push(e.detail.videoId);
          },
        },
        template: `<gcore-uploader ref="up" :session.prop="session" :chunk-size="chunk" :resume.attr="'never'"
          status-url="/api/videos/{id}" no-preview @upload-success="done"></gcore-uploader>`,
      },
      (app) => {
        app.config.compilerOptions.isCustomElement = (tag) => tag === 'gcore-uploader';
      },
    );
    const uploader = container.querySelector('gcore-uploader')!;
    expect(uploader).to.be.instanceOf(customElements.get('gcore-uploader')!);
    await uploader.updateComplete;

    // data() made it reactive: the element holds Vue's proxy of the very object.
    expect(toRaw(uploader.session)).to.equal(session);
    expect(uploader.chunkSize).to.equal(CHUNK);
    expect(uploader.resumePolicy, 'the resume attribute, not the method').to.equal('never');
    expect(uploader.resume).to.be.a('function');
    expect(uploader.noPreview).to.equal(true);
    expect(uploader.statusUrl).to.equal('/api/videos/{id}');
    // No "Failed to resolve component: gcore-uploader".
    expect(warnings).to.deep.equal([]);

    // status-url points nowhere here: only the upload is under test.
    uploader.statusUrl = null;
    const file = makeFile(3000, 'template.mp4');
    await uploader.upload(file);
    expect(successes).to.deep.equal([String(session.video.id)]);
    await expectOnServer(file);
  });

  it('unmounting mid-upload aborts it (upload-error "aborted") and no request reaches the server afterwards', async () => {
    const session = await server.session();
    const errors: string[] = [];
    const el = ref<GcoreUploader | null>(null);
    mount({
      setup: () => () =>
        h('gcore-uploader', {
          ref: el,
          '.session': session,
          'chunk-size': CHUNK,
          '.retryDelays': [0, 200, 500, 1000],
          onUploadError: (e: CustomEvent<{ code: string }>) => errors.push(e.detail.code),
        }),
    });
    await waitUntil(() => el.value?.isConnected, 'Vue mounted the element');
    const uploader = el.value!;
    await server.inject({ method: 'PATCH', delayMs: 200, times: 100 });

    const done = uploader.upload(makeFile(CHUNK * 6, 'unmounted.mp4')).catch((e) => e);
    await nextEvent(uploader, 'chunk-complete');
    const aborted = nextEvent(uploader, 'upload-error');

    const unmountedAt = Date.now();
    app!.unmount();
    app = null;
    await nextTick();

    expect(uploader.isConnected).to.equal(false);
    expect((await aborted).detail.code).to.equal('aborted');
    expect((await done).code).to.equal('aborted');

    await expectNoRequestAfter(unmountedAt);
    expect((await server.stats()).finished).to.deep.equal([]);
  });
});
