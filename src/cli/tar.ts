// The tar format (POSIX ustar, with pax headers for long names and sizes) for
// `endorse backup`: any `tar` can list or unpack a backup. Only regular files
// are written or read; files are copied in chunks, so a large database never
// has to fit in memory.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const BLOCK = 512;
const CHUNK = 1 << 20;
const zeros = Buffer.alloc(BLOCK * 2);
const USTAR_MAX_SIZE = 8 ** 11 - 1;

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

function header(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, at: number, width: number) =>
    block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'ascii');
  block.write(name.slice(0, 100), 0, 100, 'utf8');
  octal(0o600, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(Math.min(size, USTAR_MAX_SIZE), 124, 12);
  octal(mtime, 136, 12);
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\0' + '00', 257, 8, 'ascii');
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

/** A pax record "LEN key=value\n", where LEN counts the whole record, itself included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bytes = Buffer.byteLength(body);
  let length = bytes + String(bytes).length;
  if (String(length).length > String(bytes).length) length += 1;
  return `${length}${body}`;
}

/** Writes a tar archive to a file descriptor the caller opened (and closes). */
export class TarWriter {
  readonly #fd: number;
  readonly #mtime = Math.floor(Date.now() / 1000);

  constructor(fd: number) {
    this.#fd = fd;
  }

  #write(bytes: Uint8Array) {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done);
  }

  #entry(name: string, size: number) {
    const pax =
      (Buffer.byteLength(name) > 100 ? paxRecord('path', name) : '') +
      (size > USTAR_MAX_SIZE ? paxRecord('size', String(size)) : '');
    if (pax) {
      const body = Buffer.from(pax, 'utf8');
      this.#write(header('PaxHeader', body.length, 'x', this.#mtime));
      this.#write(body);
      this.#pad(body.length);
    }
    this.#write(header(name, size, '0', this.#mtime));
  }

  #pad(size: number) {
    const rest = size % BLOCK;
    if (rest) this.#write(zeros.subarray(0, BLOCK - rest));
  }

  addBytes(name: string, bytes: Uint8Array) {
    this.#entry(name, bytes.length);
    this.#write(bytes);
    this.#pad(bytes.length);
  }

  /** Adds the file at `path`, calling `onChunk` with its bytes as they are copied (for a checksum). */
  addFile(name: string, path: string, size: number, onChunk: (bytes: Uint8Array) => void) {
    this.#entry(name, size);
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(CHUNK);
      let copied = 0;
      while (copied < size) {
        const n = readSync(fd, buffer, 0, Math.min(CHUNK, size - copied), copied);
        if (n === 0) throw new TarError(`${path} became shorter while it was copied`);
        const chunk = buffer.subarray(0, n);
        onChunk(chunk);
        this.#write(chunk);
        copied += n;
      }
    } finally {
      closeSync(fd);
    }
    this.#pad(size);
  }

  /** The two empty blocks that end an archive. */
  finish() {
    this.#write(zeros);
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Reads the entry's bytes in order, chunk by chunk. */
  chunks(): Generator<Buffer>;
}

/** The regular files of the archive in `path`, in order; anything else in it is refused. */
export function* readTar(path: string): Generator<TarEntry> {
  const fd = openSync(path, 'r');
  try {
    let at = 0;
    let pax: Record<string, string> = {};
    const block = Buffer.alloc(BLOCK);
    for (;;) {
      if (readSync(fd, block, 0, BLOCK, at) !== BLOCK) throw new TarError('the archive ends too early');
      at += BLOCK;
      if (block.every((b) => b === 0)) return;
      const stored = parseInt(block.toString('ascii', 148, 156).replace(/[\0 ]/g, ''), 8);
      block.fill(' ', 148, 156);
      let sum = 0;
      for (const byte of block) sum += byte;
      if (stored !== sum) throw new TarError('a header of the archive is damaged');
      const type = block.toString('ascii', 156, 157);
      const text = (from: number, width: number) => {
        const raw = block.subarray(from, from + width);
        const end = raw.indexOf(0);
        return raw.subarray(0, end === -1 ? width : end).toString('utf8');
      };
      const prefix = text(345, 155);
      const name = pax.path ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
      const size = Number(pax.size ?? parseInt(text(124, 12).trim() || '0', 8));
      const start = at;
      at += Math.ceil(size / BLOCK) * BLOCK;
      if (type === 'x') {
        const body = Buffer.alloc(size);
        readSync(fd, body, 0, size, start);
        pax = Object.fromEntries(
          [...body.toString('utf8').matchAll(/^\d+ ([^=]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
        );
        continue;
      }
      pax = {};
      if (type !== '0' && type !== '\0') throw new TarError(`${name} in the archive is not a plain file`);
      yield {
        name,
        size,
        *chunks() {
          const buffer = Buffer.alloc(CHUNK);
          let read = 0;
          while (read < size) {
            const n = readSync(fd, buffer, 0, Math.min(CHUNK, size - read), start + read);
            if (n === 0) throw new TarError('the archive ends too early');
            read += n;
            yield buffer.subarray(0, n);
          }
        },
      };
    }
  } finally {
    closeSync(fd);
  }
}
