// Sealing a secret that Endorse must read back later (a reference link's
// token for its reminders, an association's signing key): AES-256-GCM under
// a key derived from ENDORSE_SECRET and the purpose, so a value sealed for
// one purpose never opens as another.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyFor = (purpose: string, secret: string) =>
  createHash('sha256').update(`endorse:${purpose}:${secret}`).digest();

export function seal(purpose: string, secret: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose, secret), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The text sealed, or undefined when it was sealed for another purpose or secret, or altered. */
export function unseal(purpose: string, secret: string, sealed: string): string | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose, secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
