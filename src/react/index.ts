/**
 * `gcore-uploader/react`: `<GcoreUploader>` for React 18/19, a wrapper made with `@lit/react`.
 *
 *   import { GcoreUploader } from 'gcore-uploader/react';
 *   <GcoreUploader sessionUrl="/api/session" onUploadSuccess={(e) => console.log(e.detail.videoId)} />
 *
 * Every property of the element is a prop (objects and functions such as `session` or `getSession` are set
 * as properties, not attributes); every event has an `on…` prop; `ref` gives the element itself, for its
 * methods (`upload()`, `pause()`, …) and read-only properties (`state`, `progress`, `video`, …).
 *
 * Importing this module touches no DOM: in Node (server rendering) it only builds the component.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { eventPropName, UPLOADER_EVENT_NAMES, type EventPropName, type UploaderEventName } from '../core/events.js';
import { createUploader, type Uploader, type UploaderOptions, type UploaderSnapshot } from '../core/uploader.js';
import type { GcoreUploaderEventMap } from '../events.js';
import { GcoreUploader as GcoreUploaderElement } from '../gcore-uploader.js';
import { defineGcoreUploader } from '../index.js';
import type { ElementPropertyName } from '../properties.js';

// The element must be defined for React to render more than an unknown tag. A no-op without a DOM
// (or when `gcore-uploader` is already defined).
defineGcoreUploader();

type Events = { [K in UploaderEventName as EventPropName<K>]: EventName<GcoreUploaderEventMap[K]> };

/** The event props of `<GcoreUploader>` and the DOM event each one listens to: every event of the one table (core/events.ts). */
export const GCORE_UPLOADER_REACT_EVENTS = Object.fromEntries(UPLOADER_EVENT_NAMES.map((name) => [eventPropName(name), name])) as Events;

/**
 * The element's settable properties. Only these are props: its methods and read-only properties are not
 * (use a `ref`), and neither are its internal callbacks whose names look like event props.
 */
export type GcoreUploaderPropertyName = ElementPropertyName;

type ElementProps = Partial<Pick<GcoreUploaderElement, GcoreUploaderPropertyName>>;
type EventProps = { [K in keyof Events]?: (event: Events[K]['__eventType']) => void };

/** The props `<GcoreUploader>` takes: HTML attributes, the element's properties and `on…` event handlers. */
export type GcoreUploaderProps = Omit<React.HTMLAttributes<GcoreUploaderElement>, keyof Events | keyof ElementProps> &
  ElementProps &
  EventProps &
  React.RefAttributes<GcoreUploaderElement>;

/** `<GcoreUploader>`: the `<gcore-uploader>` element as a React component; its `ref` is the element. */
export const GcoreUploader: React.ForwardRefExoticComponent<GcoreUploaderProps> = createComponent({
  react: React,
  tagName: 'gcore-uploader',
  elementClass: GcoreUploaderElement,
  events: GCORE_UPLOADER_REACT_EVENTS,
  displayName: 'GcoreUploader',
}) as unknown as React.ForwardRefExoticComponent<GcoreUploaderProps>;

/** What a `ref` on `<GcoreUploader>` points to: the element. */
export type GcoreUploaderElementType = GcoreUploaderElement;

/**
 * `useGcoreUploader(options)`: the headless core (`gcore-uploader/core`) for your own UI. Re-renders on
 * every change of the uploader's snapshot (useSyncExternalStore); options follow each render; the
 * uploader is destroyed (uploads stay resumable) when the component unmounts.
 *
 *   const { snapshot, uploader } = useGcoreUploader({ sessionUrl: '/api/gcore/session' });
 *   <input type="file" onChange={(e) => uploader.add(e.target.files[0])} /> {snapshot.progress?.percent}
 */
export function useGcoreUploader<F = File>(options: UploaderOptions<F> = {}): { snapshot: UploaderSnapshot<F>; uploader: Uploader<F> } {
  const [uploader] = React.useState(() => createUploader<F>(options));
  const mounted = React.useRef(0);
  React.useEffect(() => uploader.configure(options));
  React.useEffect(() => {
    mounted.current++;
    // StrictMode unmounts and mounts again at once: destroy only when no mount follows.
    return () => {
      mounted.current--;
      queueMicrotask(() => mounted.current === 0 && void uploader.destroy());
    };
  }, [uploader]);
  const snapshot = React.useSyncExternalStore(uploader.subscribe, uploader.getSnapshot, uploader.getSnapshot);
  return { snapshot, uploader };
}
