// The preview player with real HLS: ffmpeg-made renditions served from another origin (wtr-hls-plugin.mjs),
// real hls.js, real decoding in each engine (Chromium, Firefox, WebKitGTK).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { PreviewPlayer, parseMasterVariants, type PreviewLevel } from '../src/preview/player.js';
import type { GcoreUploaderError } from '../src/errors.js';
import { skipIn, when } from './support/helpers.js';

// Record every resource this page loads, however many modules the test framework brought before.
performance.setResourceTimingBufferSize(100_000);
const HLS_JS = /\/hls\.js\/dist\/|\/hls(\.light)?(\.min)?\.m?js(\?|$)/;
const loaded = new Set<string>();
const resourceWaiters = new Set<() => void>();
const hlsJsLoaded = () => {
  for (const e of performance.getEntriesByType('resource')) loaded.add(e.name);
  return [...loaded].some((url) => HLS_JS.test(url));
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) loaded.add(e.name);
  for (const w of resourceWaiters) w();
}).observe({ type: 'resource', buffered: true });
/** Resolves once a hls.js resource entry exists (entries may be reported a moment after the load). */
function hlsJsResource(ms = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (hlsJsLoaded()) return resolve();
    const timer = setTimeout(() => (resourceWaiters.delete(check), reject(new Error(`no hls.js resource among ${loaded.size}`))), ms);
    function check() {
      if (!hlsJsLoaded()) return;
      clearTimeout(timer);
      resourceWaiters.delete(check);
      resolve();
    }
    resourceWaiters.add(check);
  });
}

interface Made {
  id: string;
  masterUrl: string;
  renditions: Array<{ name: string; width: number; height: number; bandwidth: number }>;
  listed: string[];
}
const hlsServer = {
  make: (payload: { renditions?: Array<{ name: string; height: number }>; listed?: string[]; seconds?: number }) =>
    executeServerCommand<Made, typeof payload>('hls-make', payload),
  addRendition: (id: string, name: string) => executeServerCommand<{ masterUrl: string; listed: string[] }, { id: string; name: string }>('hls-add-rendition', { id, name }),
  requests: (id?: string) => executeServerCommand<Array<{ method: string; url: string; status: number }>, { id?: string }>('hls-requests', { id }),
  info: () => executeServerCommand<{ origin: string }, undefined>('hls-info'),
};


function makeVideo(): HTMLVideoElement {
  const video = document.createElement('video');
  video.width = 320;
  video.height = 180;
  // These tests are about hls.js: the player prefers native HLS wherever canPlayType answers for it
  // (Chromium plays HLS itself), so the video says it has none (test/preview-light.test.ts covers native).
  const canPlay = video.canPlayType.bind(video);
  video.canPlayType = (type: string) => (/mpegurl/i.test(type) ? '' : canPlay(type));
  document.body.append(video);
  return video;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// WebKitGTK's MSE (2.50.6, GStreamer 1.22 on Debian 12) and a MediaSource attached again to a playing video:
// the seek to where it was now and then never completes, fails ("Failed to push buffer"), or deadlocks the
// web process (its main thread stuck in gst_element_send_event), which would stop the rest of the suite.
const WEBKIT_REATTACH =
  "WebKitGTK's MSE (2.50 with GStreamer 1.22) cannot be trusted to seek in a MediaSource attached again to a playing video: the seek sometimes never completes, fails, or deadlocks the web process";

describe('PreviewPlayer', () => {
  let video: HTMLVideoElement;
  let player: PreviewPlayer | null = null;

  beforeEach(() => {
    video = makeVideo();
  });

  afterEach(() => {
    player?.destroy();
    player = null;
    video.remove();
  });

  it('this browser decodes H.264 + AAC through MSE (what Gcore serves)', () => {
    expect(MediaSource.isTypeSupported('video/mp4; codecs="avc1.42e01e,mp4a.40.2"')).to.equal(true);
    expect(MediaSource.isTypeSupported('video/mp4; codecs="avc1.64001f"')).to.equal(true);
  });

  // Runs first among the hls.js tests: nothing has attached yet on this page.
  it('loads hls.js only on attach, and the video really decodes and plays', async () => {
    const made = await hlsServer.make({ renditions: [{ name: 'vod240p', height: 240 }], seconds: 3 });
    player = new PreviewPlayer(video);
    expect(hlsJsLoaded(), `hls.js loaded before attach: ${[...loaded].filter((u) => /hls/.test(u)).join(', ')}`).to.equal(false);
    expect(player.hls).to.equal(null);

    await player.attach(made.masterUrl, { poster: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' });
    expect(player.usingHls).to.equal(true);
    expect(player.hls).to.not.equal(null);
    expect(video.muted).to.equal(true);
    expect(video.playsInline).to.equal(true);
    expect(video.poster).to.match(/^data:image\/gif/);
    await hlsJsResource(); // attach() loaded hls.js
    const hlsUrls = [...loaded].filter((u) => HLS_JS.test(u));
    expect(hlsUrls.length).to.be.greaterThan(0);
    console.log('hls.js came from', hlsUrls.join(', '), 'of', loaded.size, 'resources');

    await video.play();
    await when(video, 'timeupdate', () => video.currentTime > 0.5, 15_000, 'currentTime > 0.5');
    expect(video.videoWidth).to.equal(426);
    expect(video.videoHeight).to.equal(240);
    const before = video.currentTime;
    await when(video, 'timeupdate', () => video.currentTime > before + 0.2, 15_000, 'currentTime to keep advancing');
    const quality = video.getVideoPlaybackQuality();
    expect(quality.totalVideoFrames).to.be.greaterThan(0);
    // Real pixels: testsrc is colourful, a frame that did not decode is black or transparent.
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 36;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0, 64, 36);
    const pixels = ctx.getImageData(0, 0, 64, 36).data;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) colours.add((pixels[i] >> 5) * 64 + (pixels[i + 1] >> 5) * 8 + (pixels[i + 2] >> 5));
    expect(colours.size, 'distinct colours in a decoded frame').to.be.greaterThan(8);
    expect(player.levels).to.deep.equal([{ height: 240, width: 426, bitrate: made.renditions[0].bandwidth }]);
  });

  it('a rendition added to the master after attach shows up in levels after refresh(), playback going on', async function () {
    await skipIn(this, 'webkit', WEBKIT_REATTACH);
    const made = await hlsServer.make({
      renditions: [
        { name: 'vod240p', height: 240 },
        { name: 'vod360p', height: 360 },
      ],
      listed: ['vod240p'],
      seconds: 4,
    });
    const levelEvents: PreviewLevel[][] = [];
    let levelsSeen = deferred<void>();
    player = new PreviewPlayer(video, {
      onLevels: (levels) => {
        levelEvents.push(levels);
        levelsSeen.resolve();
      },
    });
    await player.attach(made.masterUrl);
    await levelsSeen.promise;
    expect(player.levels.map((l) => l.height)).to.deep.equal([240]);

    // Nothing new yet: refresh() leaves the player alone.
    expect(await player.refresh()).to.equal(false);

    await video.play();
    await when(video, 'timeupdate', () => video.currentTime > 0.5, 15_000, 'playback before the new rendition');

    await hlsServer.addRendition(made.id, 'vod360p');
    const position = video.currentTime;
    levelsSeen = deferred<void>();
    expect(await player.refresh()).to.equal(true);
    await levelsSeen.promise;
    expect(player.levels.map((l) => l.height)).to.deep.equal([240, 360]);
    expect(player.hls!.levels.length).to.equal(2);
    expect(levelEvents.at(-1)!.map((l) => l.height)).to.deep.equal([240, 360]);

    // Reloaded in place: still playing, from about where it was (not from 0).
    await when(video, 'timeupdate', () => !video.paused && video.currentTime > position + 0.2, 15_000, 'playback after refresh');
    expect(video.currentTime).to.be.greaterThan(position);
  });

  it('a fatal media error during playback is recovered, and the video plays on', async function () {
    await skipIn(this, 'webkit', WEBKIT_REATTACH);
    const made = await hlsServer.make({ renditions: [{ name: 'vod240p', height: 240 }], seconds: 4 });
    const errors: GcoreUploaderError[] = [];
    player = new PreviewPlayer(video, { onError: (error) => errors.push(error) });
    await player.attach(made.masterUrl);
    await video.play();
    await when(video, 'timeupdate', () => video.currentTime > 0.5, 15_000, 'playback before the error');
    const hls = player.hls!;
    const Hls = hls.constructor as typeof import('hls.js').default;
    // What hls.js reports when the browser refuses a segment: recoverMediaError() attaches a new MediaSource.
    const mediaAttached = new Promise<void>((resolve) => hls.once(Hls.Events.MEDIA_ATTACHED, () => resolve()));
    hls.trigger(Hls.Events.ERROR, {
      type: Hls.ErrorTypes.MEDIA_ERROR,
      details: Hls.ErrorDetails.BUFFER_APPEND_ERROR,
      fatal: true,
      error: new Error('a segment the browser refused'),
    } as Parameters<typeof hls.trigger<typeof Hls.Events.ERROR>>[1]);
    await mediaAttached;
    const position = video.currentTime;
    await when(video, 'timeupdate', () => !video.paused && video.currentTime > position + 0.2, 15_000, 'playback after the recovery');
    expect(errors, 'one media error is recovered, not reported').to.deep.equal([]);
  });

  it('a fatal error (a 404 master) ends in playback-failed after one recovery attempt; retry() tries again', async () => {
    const { origin } = await hlsServer.info();
    const id = `missing${Date.now()}`;
    let failed = deferred<GcoreUploaderError>();
    const errors: GcoreUploaderError[] = [];
    player = new PreviewPlayer(video, {
      onError: (error) => {
        errors.push(error);
        failed.resolve(error);
      },
    });
    await player.attach(`${origin}/${id}/master.m3u8`);
    const error = await failed.promise;
    expect(error.code).to.equal('playback-failed');
    expect(error.retryable).to.equal(true);
    expect(error.status).to.equal(404);
    expect(error.message).to.match(/manifestLoadError/);
    const asked = (await hlsServer.requests(id)).filter((r) => r.method === 'GET');
    expect(asked.map((r) => r.status)).to.deep.equal([404, 404], 'the first load and one recovery');
    expect(errors.length).to.equal(1);

    failed = deferred<GcoreUploaderError>();
    await player.retry();
    expect((await failed.promise).code).to.equal('playback-failed');
    expect((await hlsServer.requests(id)).filter((r) => r.method === 'GET').length).to.equal(4);
    expect(errors.length).to.equal(2);
  });

  it('destroy() releases hls.js and empties the video', async () => {
    const made = await hlsServer.make({ renditions: [{ name: 'vod240p', height: 240 }], seconds: 2 });
    const levels = deferred<void>();
    player = new PreviewPlayer(video, { onLevels: () => levels.resolve() });
    await player.attach(made.masterUrl);
    await levels.promise;
    const hls = player.hls!;
    player.destroy();
    expect(player.hls).to.equal(null);
    expect(player.usingHls).to.equal(false);
    expect(player.levels).to.deep.equal([]);
    expect(hls.media).to.equal(null);
    expect(video.hasAttribute('src')).to.equal(false);
    expect(await player.refresh()).to.equal(false);
  });

  it('destroy() during attach leaves nothing behind', async () => {
    const made = await hlsServer.make({ renditions: [{ name: 'vod240p', height: 240 }], seconds: 2 });
    player = new PreviewPlayer(video);
    const attaching = player.attach(made.masterUrl);
    player.destroy();
    await attaching;
    expect(player.hls).to.equal(null);
    expect(video.hasAttribute('src')).to.equal(false);
  });

  it('without MSE it falls back to native HLS (video.src = master), even though hls.js exists', async () => {
    const made = await hlsServer.make({ renditions: [{ name: 'vod240p', height: 240 }], seconds: 2 });
    const original = Object.getOwnPropertyDescriptor(window, 'MediaSource')!;
    const originalManaged = Object.getOwnPropertyDescriptor(window, 'ManagedMediaSource');
    const canPlay = video.canPlayType;
    // Pretend to be a browser with native HLS and no MSE (iOS Safari before 17.1).
    video.canPlayType = (type: string) => (type === 'application/vnd.apple.mpegurl' ? 'maybe' : canPlay.call(video, type));
    delete (window as { MediaSource?: unknown }).MediaSource;
    if (originalManaged) delete (window as { ManagedMediaSource?: unknown }).ManagedMediaSource;
    const levels = deferred<PreviewLevel[]>();
    try {
      player = new PreviewPlayer(video, { onLevels: levels.resolve });
      await player.attach(made.masterUrl);
      expect(player.usingHls).to.equal(false);
      expect(player.hls).to.equal(null);
      expect(video.src).to.equal(made.masterUrl);
      expect((await levels.promise).map((l) => l.height)).to.deep.equal([240]);
    } finally {
      Object.defineProperty(window, 'MediaSource', original);
      if (originalManaged) Object.defineProperty(window, 'ManagedMediaSource', originalManaged);
      player?.destroy();
      player = null;
    }
  });

  it('parseMasterVariants reads RESOLUTION and BANDWIDTH', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=100,BANDWIDTH=350000,RESOLUTION=426x240,CODECS="avc1.42e01e,mp4a.40.2"',
      'vod240p/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.42e01e"',
      'audio/index.m3u8',
    ].join('\n');
    expect(parseMasterVariants(text)).to.deep.equal([
      { width: 426, height: 240, bitrate: 350000 },
      { width: 0, height: 0, bitrate: 900000 },
    ]);
  });
});
