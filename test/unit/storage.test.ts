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
import { minimalJpeg, minimalPdf, minimalPng, textNamedPdf } from '../helpers/files.ts';

describe('detectFileType', () => {
  test('recognises real PDF, PNG and JPEG files by their first bytes', () => {
    assert.equal(detectFileType(minimalPdf()), 'application/pdf');
    assert.equal(detectFileType(minimalPng), 'image/png');
    assert.equal(detectFileType(minimalJpeg), 'image/jpeg');
    assert.deepEqual([...acceptedFileTypes].sort(), ['application/pdf', 'image/jpeg', 'image/png']);
  });

  test('a text file renamed transcript.pdf is not a PDF', () => {
    assert.equal(textNamedPdf.name, 'transcript.pdf');
    assert.equal(detectFileType(textNamedPdf.bytes), undefined);
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
