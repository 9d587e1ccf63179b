/**
 * News that waits until tus-js-client has sent its next request. tus-js-client calls `onChunkComplete`
 * between a PATCH's answer and the next PATCH, and `onUploadUrlAvailable` between the POST's (or HEAD's)
 * answer and the first PATCH, in the same task that sends it: what listeners do with that news (snapshots,
 * renders, DOM events, an app's handlers, keeping the upload for a reload) would delay the PATCH. Such news
 * is queued and passed on in a task of its own, after that send (in browsers; in Node, reading the next chunk
 * is I/O and the news may come before it). Progress goes `inOrder`: behind whatever is queued, else at once.
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

  /** Passes `news` on in a later task (or at the next flush, if that comes first). */
  queue(news: () => void): void {
    this._queue.push(news);
    this._timer ??= setTimeout(() => this.flush(), 0);
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
