// The sandboxed preload may require nothing but 'electron': bundle it into one CommonJS file.
// It checks route names from the table, but needs only the names: they are read from the table
// at build time and stand in for `shared/api/routes.ts`, so zod and the schemas stay out of the
// preload (the main process checks every input against them anyway).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The names of every route, read from the table itself. */
async function routeNames() {
  const out = await build({
    entryPoints: [join(root, 'shared/api/routes.ts')],
    bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  const table = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return Object.keys(table.routes);
}

/** An esbuild plugin: the preload's import of the route table becomes the list of names alone. */
export async function routeNamesOnly() {
  const names = await routeNames();
  return {
    name: 'route-names-only',
    setup(b) {
      b.onResolve({ filter: /\/api\/routes\.js$/ }, () => ({ path: 'route-names', namespace: 'route-names' }));
      b.onLoad({ filter: /.*/, namespace: 'route-names' }, () => ({
        contents: `const names = new Set(${JSON.stringify(names)});\nexport function isRouteName(name) { return typeof name === 'string' && names.has(name); }\n`,
        loader: 'js',
      }));
    },
  };
}

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
    plugins: [await routeNamesOnly()],
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPreload(process.argv[2]);
