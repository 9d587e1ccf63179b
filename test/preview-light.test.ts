// Which player the preview uses: native HLS where the browser plays it (no hls.js at all), else hls.js
// light for a plain master, and the full hls.js only for a master with what light leaves out (here a
// WebVTT subtitles rendition). Real HLS from another origin (wtr-hls-plugin.mjs), real decoding.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { needsFullHls, PreviewPlayer } from '../src/preview/player.js';
import { masterWithSubtitles } from './support/hls-subtitles.js';
import { skipUnless } from './support/helpers.js';

performance.setResourceTimingBufferSize(100_000);
const resources = () => performance.getEntriesByType('resource').map((e) => e.name);
const LIGHT = /\/hls\.js\/dist\/hls\.light\.mjs(\?|$)/;
const FULL = /\/hls\.js\/dist\/hls\.mjs(\?|$)/;
const anyHls = () => resources().some((u) => LIGHT.test(u) || FULL.test(u) || /\/hls\.js\//.test(u));
const HLS_MIME = 'application/vnd.apple.mpegurl';

interface Made {
  id: string;
  masterUrl: string;
  renditions: Array<{ name: string; width: number; height: number; bandwidth: number }>;
}
const make = (seconds = 3) => executeServerCommand<Made, { renditions: Array<{ name: string; height: number }>; seconds: number }>('hls-make', { renditions: [{ name: 'vod240p', height: 240 }], seconds });

/** A `<video>` on the page; `native: false` makes it say it has no native HLS, as Firefox does. */
function makeVideo({ native = true } = {}): HTMLVideoElement {
  const video = document.createElement('video');
  video.width = 320;
  video.height = 180;
  if (!native) {
    const canPlay = video.canPlayType.bind(video);
    video.canPlayType = (type: string) => (/mpegurl/i.test(type) ? '' : canPlay(type));
  }
  document.body.append(video);
  return video;
}

/** Resolves once the video has decoded a frame and its time passed `seconds`; rejects after 15 s. */
function advances(video: HTMLVideoElement, seconds = 0.2): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no playback: currentTime ${video.currentTime}, readyState ${video.readyState}, error ${video.error?.message ?? 'none'}`)), 15_000);
    const check = () => {
      if (video.videoWidth > 0 && video.currentTime > seconds) {
        clearTimeout(timer);
        video.removeEventListener('timeupdate', check);
        resolve();
      }
    };
    video.addEventListener('timeupdate', check);
    check();
  });
}

describe('the preview picks the lightest player that can play the master', function () {
  this.timeout(60_000);
  let video: HTMLVideoElement | null = null;
  let player: PreviewPlayer | null = null;

  afterEach(() => {
    player?.destroy();
    player = null;
    video?.remove();
    video = null;
  });

  it('needsFullHls: subtitles or an alternate audio rendition, nothing else', () => {
    const variant = '#EXT-X-STREAM-INF:BANDWIDTH=350000,RESOLUTION=426x240\nvod240p/index.m3u8';
    expect(needsFullHls(`#EXTM3U\n${variant}\n`)).to.equal(false);
    expect(needsFullHls(`#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="s",NAME="en",URI="s.m3u8"\n${variant}\n`)).to.equal(true);
    expect(needsFullHls(`#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="fr",LANGUAGE="fr",URI="fr/index.m3u8"\r\n${variant}\r\n`)).to.equal(true);
    // An AUDIO entry without a URI names the audio inside the variants: nothing for light to miss.
    expect(needsFullHls(`#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="main",DEFAULT=YES\n${variant}\n`)).to.equal(false);
    expect(needsFullHls(`#EXTM3U\n#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="cc",INSTREAM-ID="CC1"\n${variant}\n`)).to.equal(false);
  });

  // First: nothing has loaded hls.js on this page yet.
  it('with native HLS (canPlayType answers, as Chromium and Safari do) it plays without any hls.js, levels from the master', async function () {
    await skipUnless(this, document.createElement('video').canPlayType(HLS_MIME) !== '', 'this engine has no native HLS (canPlayType answers "")');
    const made = await make();
    video = makeVideo();
    const levels = new Promise<unknown>((resolve) => (player = new PreviewPlayer(video!, { onLevels: resolve })));
    await player!.attach(made.masterUrl);
    expect(player!.usingHls).to.equal(false);
    expect(player!.hlsBuild).to.equal(null);
    expect(video.src).to.equal(made.masterUrl);
    await video.play();
    await advances(video);
    await levels;
    expect(player!.levels.map((l) => l.height)).to.deep.equal([240]);
    expect(anyHls(), `no hls.js: ${resources().filter((u) => /hls/.test(u)).join(', ')}`).to.equal(false);
  });

  it('without native HLS, a plain master loads hls.js light (not the full build), and it plays', async () => {
    const made = await make();
    video = makeVideo({ native: false });
    player = new PreviewPlayer(video);
    await player.attach(made.masterUrl);
    expect(player.usingHls).to.equal(true);
    expect(player.hlsBuild).to.equal('light');
    await video.play();
    await advances(video);
    const urls = resources();
    expect(urls.some((u) => LIGHT.test(u)), `hls.light.mjs among ${urls.filter((u) => /hls/.test(u)).join(', ')}`).to.equal(true);
    expect(urls.some((u) => FULL.test(u)), 'the full hls.js is not loaded').to.equal(false);
    expect(player.levels.map((l) => l.height)).to.deep.equal([240]);
  });

  it('a master with a SUBTITLES rendition loads the full hls.js, which knows the subtitles, and it plays', async () => {
    const made = await make();
    const master = await masterWithSubtitles(made.masterUrl, 3);
    try {
      expect(needsFullHls(master.text)).to.equal(true);
      video = makeVideo({ native: false });
      player = new PreviewPlayer(video);
      await player.attach(master.url);
      expect(player.hlsBuild).to.equal('full');
      await video.play();
      await advances(video);
      expect(resources().some((u) => FULL.test(u)), 'hls.mjs (the full build) loaded').to.equal(true);
      expect(player.hls!.subtitleTracks.map((t) => t.lang)).to.deep.equal(['en']);
      expect(player.levels.map((l) => l.height)).to.deep.equal([240]);
    } finally {
      master.revoke();
    }
  });
});
