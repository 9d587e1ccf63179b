// <GcoreUploader> from gcore-uploader/react in React 19 (createRoot, no JSX): the session goes in as a
// property, events come out through React props, and unmounting mid-upload stops every request.
import { expect, waitUntil } from '@open-wc/testing';
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { GcoreUploader } from '../src/react/index.js';
import type { GcoreUploader as GcoreUploaderElement } from '../src/gcore-uploader.js';
import type { UploadErrorDetail, UploadSuccessDetail } from '../src/events.js';
import { clearResumeStorage, expectNoRequestAfter, makeFile, nextEvent, server, sha256 } from './support/helpers.js';

const CHUNK = 128 * 1024;
const h = React.createElement;

describe('React wrapper (gcore-uploader/react)', () => {
  let container: HTMLElement;
  let root: Root | null;

  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(() => {
    root?.unmount();
    root = null;
    container.remove();
  });

  /** Renders props into the root and resolves with the element once React has set its properties. */
  async function render(props: React.ComponentProps<typeof GcoreUploader>): Promise<GcoreUploaderElement> {
    const ref = React.createRef<GcoreUploaderElement>();
    root!.render(h(GcoreUploader, { ...props, ref }));
    await waitUntil(() => ref.current && ref.current.isConnected && ref.current.chunkSize === props.chunkSize, 'React rendered the element');
    await ref.current!.updateComplete;
    return ref.current!;
  }

  it('renders <gcore-uploader>, sets the session as a property and reports upload-success through onUploadSuccess', async () => {
    const session = await server.session();
    const successes: Array<CustomEvent<UploadSuccessDetail>> = [];
    const el = await render({
      session,
      chunkSize: CHUNK,
      retryDelays: [0, 200, 400],
      id: 'react-uploader',
      onUploadSuccess: (e) => successes.push(e),
    });

    expect(el.localName).to.equal('gcore-uploader');
    expect(el.id).to.equal('react-uploader');
    expect(customElements.get('gcore-uploader')).to.equal(el.constructor);
    expect(el.session, 'the very object, as a property').to.equal(session);
    expect(el.hasAttribute('session'), 'not stringified into an attribute').to.equal(false);
    expect(el.retryDelays).to.deep.equal([0, 200, 400]);

    const file = makeFile(CHUNK * 2 + 77, 'react.mp4');
    const videoId = await el.upload(file);

    expect(videoId).to.equal(String(session.video.id));
    expect(successes).to.have.length(1);
    expect(successes[0].detail.videoId).to.equal(videoId);
    expect(successes[0].detail.file).to.equal(file);
    const stats = await server.stats();
    const digest = await server.digest(stats.created.at(-1)!.id);
    expect(digest.size).to.equal(file.size);
    expect(digest.sha256).to.equal(await sha256(file));
  });

  it('updates properties and swaps event handlers on re-render', async () => {
    const session = await server.session();
    const first: string[] = [];
    const second: string[] = [];
    const el = await render({ session, chunkSize: CHUNK, onUploadSuccess: (e) => first.push(e.detail.videoId) });

    root!.render(h(GcoreUploader, { session, chunkSize: CHUNK, disabled: true, onUploadSuccess: (e) => second.push(e.detail.videoId) }));
    await waitUntil(() => el.disabled, 'disabled was set');
    expect(el.hasAttribute('disabled'), 'the element reflects it').to.equal(true);

    await el.upload(makeFile(1000, 'second.mp4'));
    expect(first).to.deep.equal([]);
    expect(second).to.deep.equal([String(session.video.id)]);
  });

  it('unmounting mid-upload aborts it (upload-error "aborted") and no request reaches the server afterwards', async () => {
    const session = await server.session();
    const errors: Array<CustomEvent<UploadErrorDetail>> = [];
    const el = await render({ session, chunkSize: CHUNK, retryDelays: [0, 200, 500, 1000], onUploadError: (e) => errors.push(e) });
    expect(errors).to.deep.equal([]);
    await server.inject({ method: 'PATCH', delayMs: 200, times: 100 });

    const done = el.upload(makeFile(CHUNK * 6, 'unmounted.mp4')).catch((e) => e);
    await nextEvent(el, 'chunk-complete');
    const aborted = nextEvent(el, 'upload-error');

    const unmountedAt = Date.now();
    root!.unmount();
    root = null;

    expect(el.isConnected).to.equal(false);
    expect((await aborted).detail.code).to.equal('aborted');
    expect((await done).code).to.equal('aborted');

    await expectNoRequestAfter(unmountedAt);
    expect((await server.stats()).finished).to.deep.equal([]);
  });
});
