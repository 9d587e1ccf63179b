// hls.js ships no types for its `hls.js/light` entry (dist/hls.light.mjs): the same API as `hls.js`,
// without subtitles, alternate audio, EME/DRM, CMCD and interstitials.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
