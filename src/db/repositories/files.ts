// Uploaded files' metadata (transcripts, proofs of membership). The bytes are
// in the FileStorage under `storage_key`; the type is the one read from the
// file's first bytes, never the name or what the browser claimed.
import type { Kysely } from 'kysely';
import { timestamp } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export interface FileRow {
  id: string;
  userId: string;
  storageKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const columns = [
  'id',
  'user_id as userId',
  'storage_key as storageKey',
  'filename',
  'content_type as contentType',
  'size',
  'sha256',
  'created_at as createdAt',
] as const;

export async function insertFile(db: Q, values: Omit<FileRow, 'createdAt'>): Promise<FileRow> {
  const createdAt = timestamp();
  await db
    .insertInto('file')
    .values({
      id: values.id,
      user_id: values.userId,
      storage_key: values.storageKey,
      filename: values.filename,
      content_type: values.contentType,
      size: values.size,
      sha256: values.sha256,
      created_at: createdAt,
    })
    .execute();
  return { ...values, createdAt };
}

export async function findFile(db: Q, id: string): Promise<FileRow | undefined> {
  const row = await db.selectFrom('file').select(columns).where('id', '=', id).executeTakeFirst();
  return row ? { ...row, size: Number(row.size) } : undefined;
}

/** The person's files with the given ids (ids of someone else's files are left out). */
export async function filesOfPerson(db: Q, userId: string, ids: readonly string[]): Promise<FileRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('file')
    .select(columns)
    .where('user_id', '=', userId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function deleteFile(db: Q, id: string): Promise<void> {
  await db.deleteFrom('file').where('id', '=', id).execute();
}
