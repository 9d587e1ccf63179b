/**
 * "Leave the page?": while an upload is on its way (an item preparing, uploading or paused), a
 * `beforeunload` listener asks the browser to confirm leaving; none the rest of the time (so the page
 * stays in the back/forward cache), none with `no-leave-warning`, and none once the element has left the page.
 * Browsers ask only after the user has interacted with the page, and show their own words.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class LeaveWarningController implements ReactiveController {
  private _on = false;

  constructor(
    host: ReactiveControllerHost,
    /** Whether leaving now loses an upload that runs (and the element warns at all). */
    private readonly running: () => boolean,
  ) {
    host.addController(this);
  }

  private readonly _warn = (event: BeforeUnloadEvent): void => {
    event.preventDefault();
    event.returnValue = ''; // older Chromium and WebKit ask only when returnValue is set
  };

  /** After each render (every state change renders): the listener follows what runs. */
  hostUpdated(on = this.running()): void {
    if (on === this._on) return;
    this._on = on;
    globalThis[on ? 'addEventListener' : 'removeEventListener']('beforeunload', this._warn);
  }

  hostConnected(): void {
    this.hostUpdated();
  }

  hostDisconnected(): void {
    this.hostUpdated(false);
  }
}
