// Who a session cookie signs in, kept for a few seconds: reading the session
// through better-auth and the person's roles costs more than most pages do.
//
// In this process every write to the accounts, sessions, memberships,
// associations or endorsements (signing out, a password changed, a role given
// or taken, an endorsement granted) empties the cache at once; signing in or
// up adds a session or a person no kept answer depends on, and leaves it. Another
// process sharing the database sees such a change within
// SESSION_CACHE_SECONDS, and a session is never used past its own expiry.
import type { Actor } from '../../policies/index.ts';
import type { SessionUser } from '../context.ts';

export const SESSION_CACHE_SECONDS = 5;
const MAX_ENTRIES = 10_000;

export interface SignedIn {
  sessionId: string;
  user: SessionUser;
  actor: Actor;
  /** The associations the person belongs to, as the navigation names them. */
  associations: ReadonlyArray<{ id: string; slug: string; name: string }>;
  /** Whether the person holds an endorsement: the navigation then leads to their renewals. */
  holdsEndorsement: boolean;
}

export class SessionCache {
  readonly #entries = new Map<string, { signedIn: SignedIn; until: number }>();
  /** Counts the writes seen: a read that overlapped one is not kept. */
  #generation = 0;

  constructor(readonly now: () => number = Date.now) {}

  /** Forgets everything (an account, session or role was written). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get(cookie: string): SignedIn | undefined {
    const entry = this.#entries.get(cookie);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.signedIn;
    this.#entries.delete(cookie);
    return undefined;
  }

  /**
   * Reads who `cookie` signs in with `read` and keeps the answer, unless a
   * write happened meanwhile. `read` gives the session's expiry with it.
   */
  async read(
    cookie: string,
    read: () => Promise<{ signedIn: SignedIn; expiresAt: Date } | undefined>,
  ): Promise<SignedIn | undefined> {
    const generation = this.#generation;
    const found = await read();
    if (!found) return undefined;
    if (generation === this.#generation) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
      const until = Math.min(this.now() + SESSION_CACHE_SECONDS * 1000, found.expiresAt.getTime());
      this.#entries.set(cookie, { signedIn: found.signedIn, until });
    }
    return found.signedIn;
  }
}
