// Multipart forms (those that carry a file), read as a stream into the same
// plain object a urlencoded form gives, files as { filename, bytes }. A file
// over its limit is read to the end and thrown away ({ truncated: true }), so
// that the form comes back with the error at the file and everything typed
// kept; only a body larger than MULTIPART_READ_LIMIT is refused outright.
import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import type { FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES } from '../services/files.ts';

/** The form's fields together (the import's signed plan is the largest): at most this many bytes. */
export const MULTIPART_LIMIT = MAX_UPLOAD_BYTES + 1024 * 1024;
/**
 * The most read of one form. A file over its limit is read to the end and
 * thrown away, so that the form comes back with the error at the file and
 * everything typed kept; a body larger than this is refused outright.
 */
export const MULTIPART_READ_LIMIT = 100 * 1024 * 1024;

const refused = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });
const tooLarge = () =>
  refused(
    413,
    'What you sent is larger than 100 MB. Go back and choose a PDF, PNG or JPEG file of at most 10 MB.',
  );
const unreadable = () => refused(400, 'The form could not be read. Reload the page and try again.');

/**
 * Reads a multipart/form-data body into { field: string | string[], file: Upload }.
 * A file over MAX_UPLOAD_BYTES arrives as { truncated: true } with no bytes.
 */
export async function parseMultipart(request: FastifyRequest, payload: NodeJS.ReadableStream) {
  const body: Record<string, unknown> = {};
  const add = (name: string, value: unknown) => {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
    const before = body[name];
    if (typeof value !== 'string') body[name] = value;
    else
      body[name] =
        before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  };
  let parser: BusboyInstance;
  try {
    parser = Busboy({
      headers: request.headers as BusboyHeaders,
      // Fields: an import preview has a tick per entry it lists (100 per section and kind, and one for the rest).
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 2, fields: 2000, fieldSize: MULTIPART_LIMIT },
    });
  } catch {
    throw unreadable();
  }
  const files: Array<Promise<void>> = [];
  let fieldBytes = 0;
  await new Promise<void>((resolve, reject) => {
    const stop = (error: Error) => {
      payload.unpipe(parser);
      reject(error);
    };
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      fieldBytes += Buffer.byteLength(value);
      if (valueTruncated || fieldBytes > MULTIPART_LIMIT) stop(tooLarge());
      else add(name, value);
    });
    parser.on('file', (name, stream, sentName) => {
      // Browsers write ", CR and LF of a file's name as %22, %0D and %0A (HTML's multipart/form-data encoding).
      const filename = (sentName ?? '').replace(/%22|%0D|%0A/gi, (c) => decodeURIComponent(c));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.truncated) chunks.push(chunk);
      });
      files.push(
        new Promise((done) =>
          stream.on('end', () => {
            const bytes = Buffer.concat(chunks);
            // A file input left empty arrives as a file with no name and no bytes.
            if (!filename && bytes.length === 0) return done();
            add(
              name,
              stream.truncated ? { filename, bytes: Buffer.alloc(0), truncated: true } : { filename, bytes },
            );
            done();
          }),
        ),
      );
    });
    // More fields or files than any of these forms has: not from one of them.
    parser.on('fieldsLimit', () => stop(unreadable()));
    parser.on('filesLimit', () => stop(unreadable()));
    parser.on('finish', () => resolve());
    parser.on('error', () => stop(unreadable()));
    let read = 0;
    payload.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > MULTIPART_READ_LIMIT) stop(tooLarge());
    });
    payload.pipe(parser);
  });
  await Promise.all(files);
  return body;
}

/**
 * A form that carries one text file (a JSON to import or verify): its text
 * goes in `file` (absent when none was chosen), and `fileTooLarge` is set
 * when it is over `limit`, so the form's schema can say so at the file with
 * everything else kept.
 */
export const textFileForm =
  (limit: number) =>
  async (request: FastifyRequest, payload: NodeJS.ReadableStream): Promise<Record<string, unknown>> => {
    const { file, ...fields } = await parseMultipart(request, payload);
    if (!file || typeof file !== 'object') return fields;
    const upload = file as { bytes: Buffer; truncated?: boolean };
    if (upload.truncated || upload.bytes.length > limit) return { ...fields, fileTooLarge: '1' };
    return upload.bytes.length ? { ...fields, file: upload.bytes.toString('utf8') } : fields;
  };
