// Uploaded evidence (transcripts, proofs of membership): checked by content
// (PDF, PNG or JPEG, at most 10 MB), bytes in the FileStorage under a key the
// app makes, metadata in the `file` table. Only the owner and the staff who
// may read their portfolio can download a file.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isFileInSnapshot } from '../db/repositories/applications.ts';
import { deleteFile, type FileRow, findFile, insertFile } from '../db/repositories/files.ts';
import { newId } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../policies/index.ts';
import { type DetectedFileType, detectFileType, fileExtensions, type FileStorage } from '../storage/files.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';
import { authorizeFound, portfolioResource } from './scope.ts';

/** What services that keep files need: the database and the file storage. */
export type FileServices = Services & { storage: FileStorage };

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A file as it arrived in a form. */
export interface Upload {
  filename: string;
  bytes: Buffer;
  /** Set when the browser sent more than the limit and the rest was cut off. */
  truncated?: boolean;
}

export const typeNames: Record<DetectedFileType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
};

const shown = (filename: string) => (filename ? `“${filename}”` : 'The file');

/**
 * The type of an upload, read from its first bytes; a refusal names the field
 * and says what to do (the name and the type the browser claims do not count).
 */
export function checkUpload(upload: Upload, field: string, what: string): DetectedFileType {
  const name = shown(upload.filename);
  if (upload.truncated || upload.bytes.length > MAX_UPLOAD_BYTES) {
    throw new AppError(
      'invalid',
      `${name} is larger than 10 MB. Choose a ${what} file of at most 10 MB.`,
      field,
    );
  }
  if (upload.bytes.length === 0)
    throw new AppError('invalid', `${name} is empty. Choose the ${what} file again.`, field);
  const type = detectFileType(upload.bytes);
  if (!type) {
    throw new AppError(
      'invalid',
      `${name} is not a PDF, PNG or JPEG file (its contents were checked, not its name). Choose the ${what} as a PDF, PNG or JPEG file.`,
      field,
    );
  }
  return type;
}

/** A checked upload ready to be kept: its bytes go to storage before the row is written. */
export interface PreparedFile {
  row: Omit<FileRow, 'createdAt'>;
  bytes: Buffer;
}

/**
 * The name a file is kept, shown and downloaded under: the name it came with,
 * without a path or control characters, at most 200 characters, and with the
 * extension of its type as read from its contents (a PDF named poly.html is
 * poly.pdf), so that nothing opens it as what its name claimed.
 */
export function keptFilename(filename: string, type: DetectedFileType): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const dot = clean.lastIndexOf('.');
  const stem = (dot >= 0 ? clean.slice(0, dot) : clean).trim().slice(-195) || 'upload';
  return `${stem}.${fileExtensions[type]}`;
}

/**
 * A stored file as it is shown and served. Files kept before names took the
 * type's extension are put right here, when read, rather than by rewriting
 * the rows: the bytes stay under their key, and every read gives the right name.
 */
export const asKept = (file: FileRow): FileRow => ({
  ...file,
  filename: keptFilename(file.filename, file.contentType as DetectedFileType),
});

export function prepareFile(ownerId: string, upload: Upload, type: DetectedFileType): PreparedFile {
  const id = newId();
  return {
    row: {
      id,
      userId: ownerId,
      // The key carries the type's extension too, for anyone who looks at the storage itself.
      storageKey: `${id}.${fileExtensions[type]}`,
      filename: keptFilename(upload.filename, type),
      contentType: type,
      size: upload.bytes.length,
      sha256: createHash('sha256').update(upload.bytes).digest('hex'),
    },
    bytes: upload.bytes,
  };
}

/**
 * Keeps prepared files: bytes into storage, then `write` (rows and whatever
 * refers to them) in one transaction. If the transaction fails, the bytes are
 * removed again, so nothing half-saved is left.
 */
export async function withStoredFiles<T>(
  services: FileServices,
  files: readonly PreparedFile[],
  write: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (const f of files) await services.storage.put(f.row.storageKey, f.bytes);
  try {
    return await services.db.kysely.transaction().execute(async (tx) => {
      for (const f of files) await insertFile(tx, f.row);
      return write(tx);
    });
  } catch (e) {
    for (const f of files) await services.storage.delete(f.row.storageKey).catch(() => {});
    throw e;
  }
}

/**
 * Removes files that nothing refers to any more (after the change that let go
 * of them committed). A file a submitted snapshot refers to stays: the staff
 * judge the application as it was submitted, files included.
 */
export async function discardFiles(services: FileServices, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const row = await findFile(services.db.kysely, id);
    if (!row || (await isFileInSnapshot(services.db.kysely, row.userId, id))) continue;
    await deleteFile(services.db.kysely, id);
    await services.storage.delete(row.storageKey).catch(() => {});
  }
}

/** A file for download: its owner, and staff who may read the owner's portfolio. */
export async function downloadFile(
  actor: Actor | undefined,
  fileId: string,
  services: FileServices,
): Promise<{ file: FileRow; bytes: Buffer }> {
  const file = await findFile(services.db.kysely, fileId);
  authorizeFound(
    actor,
    'portfolio.read',
    file && (await portfolioResource(services, file.userId)),
    'The file',
  );
  return { file: asKept(file!), bytes: await services.storage.get(file!.storageKey) };
}
