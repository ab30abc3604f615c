#!/usr/bin/env node
// Bundles the server (src/server.ts and every source file it imports) into
// .build/server.js, which `npm start` runs: plain JavaScript in one file
// starts in a fraction of the time tsx takes to compile the sources, and
// without tsx's loader in memory. The packages in node_modules stay outside
// the bundle, loaded by Node as usual (better-sqlite3 is native, and several
// read their own files at run time), except those in `bundled` below.
//
// `npm start` loads this before the bundle, in the same process
// (`node --import ./scripts/build.js .build/server.js`). It builds only when
// a source file is newer than the bundle, so a start after the first pays a
// few milliseconds for the check: `npm ci && npm start` stays the whole set-up.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, '.build', 'server.js');

// Bundled all the same, with those of their own dependencies that Endorse does not list:
// each is hundreds of small ES modules that Node would otherwise find, read and link one
// by one at every start.
const bundled = ['kysely', 'better-auth'];

const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** Whether the bundle is older than a source file, the package's settings or this script. */
function stale() {
  const built = mtime(bundle);
  if (built === 0) return true;
  const inputs = [join(root, 'package.json'), join(root, 'tsconfig.json'), fileURLToPath(import.meta.url)];
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true }))
    if (entry.isFile()) inputs.push(join(entry.parentPath, entry.name));
  return inputs.some((file) => mtime(file) > built);
}

async function build() {
  const esbuild = await import('esbuild');
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = Object.keys(dependencies)
    .filter((name) => !bundled.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  const { outputFiles } = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/server.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    // Comments and indentation are dropped (names are kept, so stack traces still name
    // the functions): V8 holds the whole text of the bundle in memory.
    minifyWhitespace: true,
    logLevel: 'warning',
    write: false,
  });
  // Written beside its name and renamed, so a server started meanwhile never reads half a bundle.
  mkdirSync(join(root, '.build'), { recursive: true });
  const temporary = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temporary, outputFiles[0].contents);
  renameSync(temporary, bundle);
}

if (stale()) await build();
