// Calendar arithmetic on day numbers (days since 1970-01-01, UTC). The engine
// never reads a clock: every date it sees comes from its input.

export type Day = number;

const DASH = 45;

/** The digit at `i` of `text`, or -1 when that character is not one. */
function digitAt(text: string, i: number): number {
  const digit = text.charCodeAt(i) - 48;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/**
 * Parses `YYYY-MM-DD`; returns undefined for anything that is not a real
 * calendar date. Read character by character, with no loop: a portfolio has
 * thousands of dates, and this runs for each.
 */
export function parseDay(text: string): Day | undefined {
  if (typeof text !== 'string' || text.length !== 10) return undefined;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return undefined;
  const y0 = digitAt(text, 0);
  const y1 = digitAt(text, 1);
  const y2 = digitAt(text, 2);
  const y3 = digitAt(text, 3);
  const m0 = digitAt(text, 5);
  const m1 = digitAt(text, 6);
  const d0 = digitAt(text, 8);
  const d1 = digitAt(text, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const mo = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

export function toDay(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new RangeError(`not a date (YYYY-MM-DD): ${text}`);
  return day;
}

export function formatDay(day: Day): string {
  const { y, m, d } = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The same day of the month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: Day, months: number): Day {
  const { y, m, d } = civilFromDays(day);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Ends already worked out, by start and length: the RSC window search asks the same ones many times. */
const ends = new Map<number, Day>();

/**
 * The last day of a span of `months` calendar months starting on `start`,
 * both ends counted: 2015-01-05 + 12 months ends on 2016-01-04.
 */
export function endOfMonths(start: Day, months: number): Day {
  if (!Number.isInteger(months) || months < -1000 || months > 1000) return addMonths(start, months) - 1;
  const key = start * 2048 + months + 1024;
  let end = ends.get(key);
  if (end === undefined) {
    if (ends.size >= 100_000) ends.clear();
    end = addMonths(start, months) - 1;
    ends.set(key, end);
  }
  return end;
}

// Howard Hinnant's civil calendar algorithms (public domain), proleptic Gregorian.
function daysFromCivil(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  // The year of the era is 0 to 399, where `| 0` floors (and is integer arithmetic).
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(day: Day): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}
