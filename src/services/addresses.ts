// E-mail addresses compared as the mailboxes they reach, so that an applicant
// cannot rate themselves through another spelling of their own address.

/** Domains whose mail goes to the same box with or without dots in the local part. */
const dotlessDomains: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/** The domain part, lower-case, with Gmail's two names as one ("" when there is no @). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '';
  const domain = address
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return dotlessDomains[domain] ?? domain;
}

/**
 * The mailbox an address reaches: lower-case; the "+tag" removed from the
 * local part for every domain (most providers, Gmail, Outlook, iCloud, Fastmail
 * and Proton among them, deliver "name+anything@" to "name@", and a rater never
 * needs a tag, so treating all domains alike errs on the side of refusing);
 * dots removed from the local part where the provider ignores them (Gmail).
 */
export function mailboxOf(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  const domain = domainOf(trimmed);
  let local = trimmed.slice(0, at);
  const plus = local.indexOf('+');
  if (plus >= 0) local = local.slice(0, plus);
  if (dotlessDomains[domain]) local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}

export const sameMailbox = (a: string, b: string): boolean => mailboxOf(a) === mailboxOf(b);
export const sameDomain = (a: string, b: string): boolean =>
  domainOf(a) !== '' && domainOf(a) === domainOf(b);
