/**
 * How a decoded picture becomes the row's small JPEG (FRAME_WIDTH wide, a data URL) and whether it is blank.
 * Scaling a picture down converts all of its pixels first (YUV to RGB), on the thread that draws it: for a
 * 4K frame 20–40 ms in Chromium and about 20 ms in Firefox (up to 55 ms), a long task beside the upload. So a
 * VideoFrame (the WebCodecs way) larger than Full HD is drawn in a dedicated worker on an OffscreenCanvas and
 * only the JPEG comes back; where that cannot run (no OffscreenCanvas, a Content-Security-Policy without
 * `worker-src blob:`, an error) it is drawn here. Up to Full HD it is drawn here: 3–10 ms, less than the
 * worker itself costs the cores the upload shares (bench/profile.mjs, `frameWorker`: a 720p frame drawn in a
 * worker made the element 2 % slower on loopback). A `<video>` (the other way) is drawn here.
 */

/** The drawn picture's width in pixels (the row shows it at about 80 CSS px, so twice that for dense screens). */
export const FRAME_WIDTH = 160;
const JPEG_QUALITY = 0.8;
/** A picture whose luma varies less than this (standard deviation, of 255) is blank: black, or one colour. */
const BLANK_DEVIATION = 6;

export interface FramePicture {
  src: string;
  blank: boolean;
}

/**
 * Draws `source` on `context`'s canvas (its whole size) and returns the luma's standard deviation. It is
 * the worker's code as well (sent as its text), so it uses nothing from outside its body.
 */
function drawSmall(context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, source: CanvasImageSource, width: number, height: number): number {
  context.drawImage(source, 0, 0, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < data.length; i += 4) {
    const luma = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
    sum += luma;
    squares += luma * luma;
  }
  const n = data.length / 4;
  return Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2));
}

const heightFor = (w: number, h: number) => Math.max(1, Math.round((FRAME_WIDTH * h) / w));

/** `source` (a `<video>` or a VideoFrame of `w`×`h`) drawn on this thread; null without a 2D canvas or for a picture that cannot be read. */
export function drawHere(source: CanvasImageSource, w: number, h: number): FramePicture | null {
  try {
    const canvas = document.createElement('canvas');
    canvas.width = FRAME_WIDTH;
    canvas.height = heightFor(w, h);
    const deviation = drawSmall(canvas.getContext('2d', { willReadFrequently: true })!, source, canvas.width, canvas.height);
    return { src: canvas.toDataURL('image/jpeg', JPEG_QUALITY), blank: deviation < BLANK_DEVIATION };
  } catch {
    return null;
  }
}

/** The worker: one message (a VideoFrame, which it closes, and the size), one answer ({blob, deviation} or null). */
const WORKER_SOURCE = `const drawSmall = ${drawSmall};
onmessage = async ({ data: { frame, width, height } }) => {
  let answer = null;
  try {
    const canvas = new OffscreenCanvas(width, height);
    const deviation = drawSmall(canvas.getContext('2d', { willReadFrequently: true }), frame, width, height);
    answer = { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: ${JPEG_QUALITY} }), deviation };
  } catch {}
  frame.close();
  postMessage(answer);
};`;

const dataUrlOf = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

/**
 * `frame` drawn in a worker; null when the worker could not, or did not answer by `deadline` (then the
 * caller still has `frame`: the worker gets a copy, and nothing here closes the original).
 */
async function drawInWorker(frame: VideoFrame, width: number, height: number, deadline: number): Promise<FramePicture | null> {
  if (typeof OffscreenCanvas !== 'function' || typeof Worker !== 'function') return null;
  let url = '';
  let worker: Worker | undefined;
  let copy: VideoFrame | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
    const answer = new Promise<{ blob: Blob; deviation: number } | null>((resolve) => {
      worker!.onmessage = (e) => resolve(e.data);
      worker!.onerror = () => resolve(null); // a worker the page's CSP refuses fails here
      timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
    });
    copy = frame.clone();
    worker.postMessage({ frame: copy, width, height }, [copy as unknown as Transferable]);
    const drawn = await answer;
    return drawn && { src: await dataUrlOf(drawn.blob), blank: drawn.deviation < BLANK_DEVIATION };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    copy?.close(); // a no-op once transferred; the copy when the transfer failed
    worker?.terminate();
    if (url) URL.revokeObjectURL(url);
  }
}

/** A frame of more pixels than this (Full HD) is drawn in a worker. */
export const WORKER_ABOVE_PIXELS = 1920 * 1080;

/**
 * A VideoFrame as the row's picture: larger than Full HD in a worker when the browser can (answering by
 * `deadline`), else here. Does not close `frame`.
 */
export async function pictureOf(frame: VideoFrame, deadline: number): Promise<FramePicture | null> {
  const w = frame.displayWidth;
  const h = frame.displayHeight;
  const large = w * h > WORKER_ABOVE_PIXELS;
  return (large ? await drawInWorker(frame, FRAME_WIDTH, heightFor(w, h), deadline) : null) ?? drawHere(frame, w, h);
}
