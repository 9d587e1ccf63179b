// Entry of the CDN file: a classic <script src> that registers <gcore-uploader> by itself.
import { defineGcoreUploader, GcoreUploader } from './index.js';

defineGcoreUploader();
(globalThis as { GcoreUploader?: typeof GcoreUploader }).GcoreUploader = GcoreUploader;
