// File storage: magic-byte detection of uploads, key validation, and the disk store.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  acceptedFileTypes,
  createFileStorage,
  detectFileType,
  DiskFileStorage,
  FileNotFoundError,
  InvalidStorageKeyError,
  isValidStorageKey,
} from '../../src/storage/files.ts';

/** A complete one-page PDF with a correct cross-reference table. */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(text));
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text);
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** A 1×1 RGBA PNG. */
const minimalPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A 1×1 white grayscale baseline JPEG (JFIF), made by libjpeg's cjpeg. */
const minimalJpeg = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAB//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AQH//2Q==',
  'base64',
);

describe('detectFileType', () => {
  test('recognises real PDF, PNG and JPEG files by their first bytes', () => {
    assert.equal(detectFileType(minimalPdf()), 'application/pdf');
    assert.equal(detectFileType(minimalPng), 'image/png');
    assert.equal(detectFileType(minimalJpeg), 'image/jpeg');
    assert.deepEqual([...acceptedFileTypes].sort(), ['application/pdf', 'image/jpeg', 'image/png']);
  });

  test('a text file renamed transcript.pdf is not a PDF', () => {
    const renamed = { name: 'transcript.pdf', bytes: Buffer.from('My transcript: BA in Psychology, 2019\n') };
    assert.equal(detectFileType(renamed.bytes), undefined);
  });

  test('refuses other types, truncated signatures and empty files', () => {
    const refused: [string, Uint8Array][] = [
      ['empty', new Uint8Array()],
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
      ['ZIP / DOCX', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
      ['HTML', Buffer.from('<!doctype html><title>x</title>')],
      ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ['PDF signature not at the start', Buffer.concat([Buffer.from(' '), minimalPdf()])],
      ['truncated PDF signature', Buffer.from('%PDF')],
      ['truncated PNG signature', minimalPng.subarray(0, 7)],
      ['truncated JPEG signature', minimalJpeg.subarray(0, 2)],
      ['PNG with a damaged signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x0a, 0x0a])],
    ];
    for (const [name, bytes] of refused) assert.equal(detectFileType(bytes), undefined, name);
  });

  test('looks at a Uint8Array as well as a Buffer', () => {
    assert.equal(detectFileType(new Uint8Array(minimalPng)), 'image/png');
  });
});

describe('storage keys', () => {
  test('app-made ids and simple names are valid', () => {
    for (const key of [
      '0b7e2a3c-6a43-4a3f-9a5e-1c2d3e4f5a6b',
      'abc',
      'a.pdf',
      'A_b-C.1',
      '_x',
      'k'.repeat(200),
    ]) {
      assert.equal(isValidStorageKey(key), true, key);
    }
  });

  test('anything that could reach outside the directory, or is not a plain name, is refused', () => {
    for (const key of [
      '',
      '.',
      '..',
      '../x',
      'a/b',
      '/etc/passwd',
      'a\\b',
      '..\\x',
      'a..b',
      '.hidden',
      'a b',
      'é',
      'a\0b',
      'a\nb',
      'C:x',
      'k'.repeat(201),
    ]) {
      assert.equal(isValidStorageKey(key), false, JSON.stringify(key));
    }
  });
});

describe('disk storage', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'endorse-storage-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('put, get, overwrite and delete', async () => {
    const storage = new DiskFileStorage(join(dir, 'uploads'));
    const key = '0b7e2a3c-6a43-4a3f-9a5e-1c2d3e4f5a6b';
    await storage.put(key, minimalPng);
    assert.deepEqual(await storage.get(key), minimalPng);
    await storage.put(key, minimalPdf());
    assert.deepEqual(await storage.get(key), minimalPdf());
    assert.deepEqual(readdirSync(join(dir, 'uploads')), [key], 'no temporary files left');
    await storage.delete(key);
    await assert.rejects(storage.get(key), FileNotFoundError);
    await storage.delete(key); // deleting again is not an error
  });

  test('a missing key is a FileNotFoundError naming the key', async () => {
    const storage = new DiskFileStorage(join(dir, 'empty'));
    await assert.rejects(storage.get('nothing-here'), (e: unknown) => {
      assert.ok(e instanceof FileNotFoundError);
      assert.equal(e.key, 'nothing-here');
      return true;
    });
  });

  test('invalid keys are refused by every operation and nothing is written', async () => {
    const root = join(dir, 'jail');
    const storage = createFileStorage({ uploadsDir: join(root, 'uploads') });
    for (const key of ['../escaped', 'a/b', '..', '.hidden']) {
      await assert.rejects(storage.put(key, Buffer.from('x')), InvalidStorageKeyError);
      await assert.rejects(storage.get(key), InvalidStorageKeyError);
      await assert.rejects(storage.delete(key), InvalidStorageKeyError);
    }
    assert.equal(existsSync(root), false);
  });
});
