// useGcoreUploader: the core through useSyncExternalStore, rendered on the server (no DOM) and
// driven by a snapshot change.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { useGcoreUploader } from '../../../src/react/index.ts';

describe('core: useGcoreUploader', { timeout: 30_000 }, () => {
  test('renders the snapshot on the server, and the same uploader lives across renders', () => {
    const seen = [];
    function App() {
      const { snapshot, uploader } = useGcoreUploader({ autoStart: false });
      seen.push(uploader);
      if (seen.length === 1) uploader.add(Buffer.from('x'), { name: 'a.mp4', type: 'video/mp4' });
      return React.createElement('p', null, `${snapshot.state}:${snapshot.items.length}`);
    }
    const html = renderToString(React.createElement(App));
    assert.match(html, /^<p>(idle:0|preparing:1)<\/p>$/);
    assert.equal(typeof seen[0].getSnapshot, 'function');
    assert.equal(seen[0].getSnapshot().items[0].state, 'queued');
  });
});
