import type { Plugin } from 'esbuild';

/** An esbuild plugin: the preload's import of the route table becomes the list of names alone. */
export function routeNamesOnly(): Promise<Plugin>;
/** Bundles the preload into one CommonJS file; resolves to its path. */
export function buildPreload(outfile?: string): Promise<string>;
