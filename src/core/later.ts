/** How long news waits after it was queued (the next request was sent in that task). */
export const LATER_MS = 20;

/**
 * News that waits until tus-js-client's next request is on its way. tus-js-client calls `onChunkComplete`
 * between a PATCH's answer and the next PATCH, and `onUploadUrlAvailable` between the POST's (or HEAD's)
 * answer and the first PATCH, in the same task that sends it: what listeners do with that news (snapshots,
 * renders, DOM events, an app's handlers, keeping the upload for a reload) would delay the PATCH. Such news
 * is queued and passed on LATER_MS after it was queued, in a task of its own. Not in the next task: main-thread
 * work in the first milliseconds after a send holds that request back as well (Chromium, 150 ms link: 10 ms of
 * work right after each 1 MB PATCH's send made the upload 45–130 ms slower over 20 PATCHes, the same work 30 ms
 * later 0–30 ms; the element's news passed on 20 ms later saved 10–40 ms per upload there; bench/run.mjs's
 * `phases`). Progress sent while a request travels goes `inOrder`: behind whatever is queued, else at once;
 * the report tus-js-client makes between an answer and the next request is queued like the rest.
 *
 * Order is kept where it matters: any other news first passes on what is queued (`flush()`), so the last
 * `chunk-complete` still comes before `upload-success`, and none comes after the upload ended. Progress is
 * the exception: tus-js-client reports the chunk's end once more right before it sends the next PATCH, and
 * passing the queue on there would put the chunk's news back in front of the send; it waits its turn instead.
 * tus-js-client reports a chunk's bytes before it tells the chunk's end, so an `upload-progress` may still say a
 * chunk's bytes before its `chunk-complete` does.
 */
export class Later {
  private _queue: (() => void)[] = [];
  private _timer: ReturnType<typeof setTimeout> | undefined;

  /** Passes `news` on LATER_MS from now (or at the next flush, if that comes first). */
  queue(news: () => void): void {
    this._queue.push(news);
    this._timer ??= setTimeout(() => this.flush(), LATER_MS);
  }

  /** Passes `news` on now if nothing is queued, else behind what is (never in front of queued news). */
  inOrder(news: () => void): void {
    if (this._queue.length) this.queue(news);
    else news();
  }

  /** Passes on what is queued, now, in order. */
  flush(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    const queued = this._queue;
    this._queue = [];
    for (const news of queued) news();
  }
}
