import type { Plugin } from 'vite';
export declare function minifyLitCss(): Plugin;
