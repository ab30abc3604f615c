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
