/**
 * `gcore-uploader/vue`: types only. Makes `<gcore-uploader>` a typed global component in Vue 3 templates
 * (vue-tsc / Vue - Official), with its props and `@upload-success`-style event handlers:
 *
 *   // env.d.ts (or any .ts file the project compiles)
 *   import type {} from 'gcore-uploader/vue';
 *
 * The element itself comes from `import 'gcore-uploader'`, and Vue's compiler must be told it is a custom
 * element: `compilerOptions.isCustomElement: (tag) => tag === 'gcore-uploader'`.
 *
 * Objects and functions (`session`, `getSession`, `getStatus`, `retryDelays`) are bound as properties:
 * `:session="s"` (Vue sets a property when the element has one) or explicitly `:session.prop="s"` /
 * `.session="s"`. Set the resume policy with `:resumePolicy="'ask'"` or force the attribute with
 * `:resume.attr="'ask'"`: a plain `resume="ask"` is set by Vue as a property, over the `resume()` method.
 */
import type { DefineComponent } from 'vue';
import type { EventHandlerProps } from '../core/events.js';
import type { GcoreUploader } from '../gcore-uploader.js';
import type { ElementPropertyName } from '../properties.js';

/** A number or boolean property may come as its attribute's text (`chunk-size="65536"`, `no-preview=""`). */
type AsAttribute<T> = T extends number ? T | string : T extends boolean ? T | '' : T;

/**
 * Props of `<gcore-uploader>` in a Vue template (kebab-case attributes map to these camelCase names): every
 * settable property of the element (src/properties.ts), and an `on…` handler for every event (core/events.ts).
 */
export type GcoreUploaderVueProps = { [K in ElementPropertyName]?: AsAttribute<GcoreUploader[K]> } & EventHandlerProps<File>;

/** `<gcore-uploader>` as Vue's type tools see it; a template ref on it is the element (`GcoreUploader`). */
export type GcoreUploaderVueComponent = DefineComponent<GcoreUploaderVueProps>;

declare module 'vue' {
  interface GlobalComponents {
    'gcore-uploader': GcoreUploaderVueComponent;
  }
}
