import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const engineDir = fileURLToPath(new URL('../../src/engine/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('the engine is pure: no I/O modules and no clock', () => {
  const files = sources(engineDir);
  assert.ok(files.length > 5, 'engine sources found');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /from ['"]node:/, `${file} imports a Node module`);
    assert.doesNotMatch(text, /\bDate\.now\(|new Date\(|performance\.now\(/, `${file} reads the clock`);
    assert.doesNotMatch(text, /\bprocess\./, `${file} reads the process`);
  }
});

// The layers: each may import only what is below it. Type-only imports are
// free (a view may know the shape a service returns); values are not.
const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

/** The modules a file imports values from (paths relative to src/), type-only imports left out. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/gms)) {
    const [, typeOnly, what, from] = m;
    if (typeOnly || !from!.startsWith('.')) continue;
    const names = /^\{([^}]*)\}$/s.exec(what!.trim())?.[1];
    if (names !== undefined && names.split(',').every((n) => !n.trim() || n.trim().startsWith('type ')))
      continue;
    found.push(join(file, '..', from!).slice(srcDir.length));
  }
  return found;
}

const layerRules: Array<{ layer: string; mayNotImport: string[] }> = [
  { layer: 'http', mayNotImport: ['db/'] },
  { layer: 'views', mayNotImport: ['db/', 'services/'] },
  { layer: 'services', mayNotImport: ['http/', 'views/'] },
  { layer: 'engine', mayNotImport: ['db/', 'services/', 'http/', 'views/', 'mail/', 'jobs/', 'storage/'] },
  { layer: 'domain', mayNotImport: ['db/', 'services/', 'http/', 'views/', 'mail/', 'jobs/', 'storage/'] },
  { layer: 'policies', mayNotImport: ['db/', 'services/', 'http/', 'views/'] },
];

for (const { layer, mayNotImport } of layerRules) {
  test(`${layer} imports no values from ${mayNotImport.join(', ')}`, () => {
    const files = sources(join(srcDir, layer)).concat(
      readdirSync(join(srcDir, layer), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.tsx'))
        .map((e) => join(e.parentPath, e.name)),
    );
    assert.ok(files.length > 0, `${layer} sources found`);
    const crossings = files.flatMap((file) =>
      valueImports(file)
        .filter((target) => mayNotImport.some((below) => target.startsWith(below)))
        .map((target) => `${file.slice(srcDir.length)} imports ${target}`),
    );
    assert.deepEqual(crossings, []);
  });
}

test('the domain modules are pure: no I/O modules and no clock', () => {
  for (const file of sources(join(srcDir, 'domain'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /from ['"]node:/, `${file} imports a Node module`);
    assert.doesNotMatch(text, /\bDate\.now\(|new Date\(\)|performance\.now\(/, `${file} reads the clock`);
    assert.doesNotMatch(text, /\bprocess\./, `${file} reads the process`);
  }
});
