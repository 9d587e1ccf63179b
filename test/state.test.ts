// The element's state as a CSS custom state, for pages that style by state: `gcore-uploader:state(uploading)`.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { GcoreUploader } from '../src/gcore-uploader.js';
import { clearResumeStorage, makeFile, server, skipUnless } from './support/helpers.js';

const supported = () => {
  try {
    return CSS.supports('selector(:state(idle))');
  } catch {
    return false;
  }
};

describe('state as a CSS custom state', () => {
  beforeEach(async () => {
    clearResumeStorage();
    await server.reset();
  });

  it('matches :state(idle), then the state it is in, and only that one', async function () {
    await skipUnless(this, supported(), 'this engine has no CSS custom states (:state())');
    const el = await fixture<GcoreUploader>(html`<gcore-uploader></gcore-uploader>`);
    expect(el.matches(':state(idle)')).to.equal(true);
    el.session = await server.session();
    await el.upload(makeFile(1000));
    await el.updateComplete;
    expect(el.state).to.equal('success');
    expect(el.matches(':state(success)')).to.equal(true);
    expect(el.matches(':state(idle)')).to.equal(false);
    await el.reset();
    await el.updateComplete;
    expect(el.matches(':state(idle)')).to.equal(true);
  });
});
