// The sign-in limits: every attempt to sign in, sign up, reset a password or
// have a sign-in e-mail sent is counted per client address (so one address
// cannot try many accounts) and per account, the e-mail address given (so many
// addresses cannot try one account). Counts live in the database: every server
// process sharing it enforces the same limits.
import { isIPv6 } from 'node:net';
import {
  addSignInAttempt,
  deleteEndedSignInCounts,
  removeSignInAttempt,
  type SignInCount,
} from '../db/repositories/sign-in-counts.ts';
import { timestamp } from '../db/portable.ts';
import type { Services } from './context.ts';

export interface SignInLimits {
  /** Attempts per client address per minute (from its first attempt). */
  perAddress: number;
  /** Failed password attempts, or sign-in e-mails asked for, per account per 15 minutes (from the first). */
  perAccount: number;
}

export const defaultSignInLimits: SignInLimits = { perAddress: 10, perAccount: 10 };

const ADDRESS_WINDOW_MS = 60_000;
const ACCOUNT_WINDOW_MS = 15 * 60_000;

/**
 * password: checks a password or a token; only failures count against the
 * account, so a person is not locked out by their own successful sign-ins.
 * mail: sends an e-mail; every one counts.
 */
export type AttemptKind = 'password' | 'mail';

export interface SignInAttempt {
  kind: AttemptKind;
  /** The client's address. */
  address: string;
  /** The e-mail address the attempt is for, when it names one. */
  email: string | undefined;
}

/** An attempt counted against an account, to take back if it succeeds. */
export interface CountedAttempt {
  key: string;
  windowEnd: string;
}

export type SignInDecision =
  | { allowed: true; counted: CountedAttempt | undefined }
  | { allowed: false; waitSeconds: number; message: string };

/** Counts an attempt and says whether it may go ahead, or how long to wait. */
export async function countSignInAttempt(
  attempt: SignInAttempt,
  limits: SignInLimits,
  services: Services,
  now: Date,
): Promise<SignInDecision> {
  const db = services.db.kysely;
  const at = timestamp(now);
  const windowEnd = (length: number) => timestamp(new Date(now.getTime() + length));
  const byAddress = await addSignInAttempt(
    db,
    `address:${addressKey(attempt.address)}`,
    at,
    windowEnd(ADDRESS_WINDOW_MS),
  );
  // A new window for this address: a good moment to drop the counts of ended windows.
  if (byAddress.count === 1) await deleteEndedSignInCounts(db, at);
  if (byAddress.count > limits.perAddress) {
    return refusal(byAddress, now, 'Too many attempts from your internet address.');
  }

  const email = attempt.email?.trim().toLowerCase().slice(0, 254);
  if (!email) return { allowed: true, counted: undefined };
  const key = `${attempt.kind}:${email}`;
  const byAccount = await addSignInAttempt(db, key, at, windowEnd(ACCOUNT_WINDOW_MS));
  if (byAccount.count > limits.perAccount) {
    return refusal(
      byAccount,
      now,
      attempt.kind === 'password'
        ? `Too many failed attempts for ${email}.`
        : `Too many e-mails asked for ${email}.`,
    );
  }
  return {
    allowed: true,
    counted: attempt.kind === 'password' ? { key, windowEnd: byAccount.windowEnd } : undefined,
  };
}

/** Takes back a password attempt that succeeded. */
export async function forgiveSignInAttempt(counted: CountedAttempt, services: Services): Promise<void> {
  await removeSignInAttempt(services.db.kysely, counted.key, counted.windowEnd);
}

function refusal(count: SignInCount, now: Date, reason: string): SignInDecision {
  const waitSeconds = Math.max(1, Math.ceil((Date.parse(count.windowEnd) - now.getTime()) / 1000));
  return { allowed: false, waitSeconds, message: `${reason} Wait ${duration(waitSeconds)} and try again.` };
}

function duration(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * The address as counted: an IPv4 address as is (also when written as IPv6),
 * an IPv6 address by its /64 network, since one subscriber usually holds a
 * whole /64.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
