// The sandboxed preload may require nothing but 'electron': bundle it, with the route names it
// takes from shared/, into one CommonJS file.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildPreload(outfile = join(root, 'dist/electron/preload.cjs')) {
  await build({
    entryPoints: [join(root, 'electron/preload.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
    legalComments: 'none',
    minify: true,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPreload(process.argv[2]);
