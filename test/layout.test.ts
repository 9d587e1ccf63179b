// The widget keeps its layout from one state to the next: what is below the drop zone does not move when
// an upload starts, ends and processing begins.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage } from './support/helpers.js';

describe('layout across states', function () {
  this.timeout(60_000);

  beforeEach(clearResumeStorage);

  it('the file row stays where it is from uploading to processing (the drop zone does not come back above it)', async () => {
    const el = await fixture<GcoreUploader>(html`<gcore-uploader session-url="/api/gcore/session" poll-interval="250" chunk-size="65536"></gcore-uploader>`);
    const clip = await (await fetch('/__fixtures/clip.mp4')).arrayBuffer();
    const top = () => el.shadowRoot!.querySelector('[part~="file-name"]')!.getBoundingClientRect().top;
    const tops: Record<string, number> = {};
    let pickerWhileUploading: boolean | null = null;
    const picker = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="select-button"]')!;
    el.addEventListener(
      'upload-progress',
      () =>
        void el.updateComplete.then(() => {
          tops.uploading ??= top();
          pickerWhileUploading ??= picker().disabled;
        }),
    );
    const processing = new Promise<void>((resolve) =>
      el.addEventListener('status-change', () => void el.updateComplete.then(() => ((tops.processing ??= top()), resolve())), { once: true }),
    );
    await el.upload(new File([clip], 'clip.mp4', { type: 'video/mp4' }));
    await processing;
    expect(el.state).to.be.oneOf(['processing', 'ready']);
    expect(tops.uploading, 'measured while uploading').to.be.a('number');
    expect(tops.processing).to.equal(tops.uploading);
    // While the file is on its way the drop zone takes no other file; once it is up, it does again.
    expect(pickerWhileUploading, 'no other file while one is on its way').to.equal(true);
    expect(picker().disabled, 'a new file may be chosen after the upload').to.equal(false);
    await el.reset();
  });
});
