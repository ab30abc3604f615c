// Where uploaded files' bytes live. The database keeps each file's metadata
// (the `file` table); the bytes go to a FileStorage under a key the app made
// (an id, never a user's file name). The disk implementation keeps them under
// `config.uploadsDir`; an S3-compatible store can implement the same three
// calls later (put = PutObject, get = GetObject, delete = DeleteObject).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';

export interface FileStorage {
  /** Stores the bytes under `key`, replacing what was there. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes stored under `key`; throws FileNotFoundError when there are none. */
  get(key: string): Promise<Buffer>;
  /** Removes the bytes stored under `key`; removing a missing key is not an error (as in S3). */
  delete(key: string): Promise<void>;
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(
      `invalid storage key ${JSON.stringify(key)}: use 1 to 200 of A-Z a-z 0-9 - _ . not starting with "."`,
    );
    this.name = 'InvalidStorageKeyError';
  }
}

export class FileNotFoundError extends Error {
  readonly key: string;
  constructor(key: string, options?: { cause?: unknown }) {
    super(`no stored file under key ${JSON.stringify(key)}`, options);
    this.name = 'FileNotFoundError';
    this.key = key;
  }
}

const keyPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/**
 * Keys are made by the app (ids), so they are plain names: letters, digits,
 * `-`, `_` and `.`, not starting with `.` (no hidden files, no `.`/`..`) and
 * never containing `..`. Anything else, `/` included, is refused, so a key can
 * never reach outside the storage directory.
 */
export function isValidStorageKey(key: string): boolean {
  return typeof key === 'string' && keyPattern.test(key) && !key.includes('..');
}

export function assertValidStorageKey(key: string): void {
  if (!isValidStorageKey(key)) throw new InvalidStorageKeyError(key);
}

/** Files on the local disk, one file per key in a single directory (created when first needed). */
export class DiskFileStorage implements FileStorage {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Write beside the target and rename: a reader sees the old bytes or the new, never half a file.
    // The temporary name starts with "." so that it can never be a valid key.
    const temporary = join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, bytes, { mode: 0o640, flag: 'wx' });
      await rename(temporary, path);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Buffer> {
    const path = this.#path(key);
    try {
      return await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(key, { cause: e });
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  #path(key: string): string {
    assertValidStorageKey(key);
    return join(this.dir, key);
  }
}

/** The storage the configuration names: for now always the disk under `uploadsDir`. */
export function createFileStorage(config: Pick<Config, 'uploadsDir'>): FileStorage {
  return new DiskFileStorage(config.uploadsDir);
}

export type DetectedFileType = 'application/pdf' | 'image/png' | 'image/jpeg';

/** The upload types Endorse accepts (transcripts, proofs of membership). */
export const acceptedFileTypes: readonly DetectedFileType[] = ['application/pdf', 'image/png', 'image/jpeg'];

/** The file name extension of each accepted type. */
export const fileExtensions: Record<DetectedFileType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

const signatures: readonly { type: DetectedFileType; bytes: readonly number[] }[] = [
  // "%PDF-"
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // \x89 "PNG" \r \n \x1a \n
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // SOI marker followed by the start of the next marker
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/**
 * The type of a file from its first bytes (its "magic number"), never from its
 * name or the type the browser claims. Undefined for anything that is not a
 * PDF, PNG or JPEG.
 */
export function detectFileType(bytes: Uint8Array): DetectedFileType | undefined {
  for (const { type, bytes: signature } of signatures) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return type;
  }
  return undefined;
}
