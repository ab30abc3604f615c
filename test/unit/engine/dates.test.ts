import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addMonths,
  daysInMonth,
  endOfMonths,
  formatDay,
  parseDay,
  toDay,
} from '../../../src/engine/dates.ts';
import { fteDays } from '../../../src/engine/experience.ts';

const months = (from: string, n: number) => formatDay(addMonths(toDay(from), n));
const lastOf = (from: string, n: number) => formatDay(endOfMonths(toDay(from), n));

describe('dates: parsing and formatting', () => {
  test('a text is a day exactly when it is YYYY-MM-DD of a real date, as the calendar and Date read it', () => {
    // Texts near the shape (digits, dashes, other characters, other lengths) and real dates.
    const near = fc.oneof(
      fc.stringMatching(/^[0-9-]{8,12}$/),
      fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
      fc.string({ minLength: 10, maxLength: 10 }),
      fc
        .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    );
    fc.assert(
      fc.property(near, (text) => {
        const time = Date.parse(`${text}T00:00:00Z`);
        const real =
          /^\d{4}-\d{2}-\d{2}$/.test(text) &&
          !Number.isNaN(time) &&
          new Date(time).toISOString().slice(0, 10) === text;
        const day = parseDay(text);
        assert.equal(day !== undefined, real, text);
        if (day !== undefined) assert.equal(formatDay(day), text);
      }),
      { numRuns: 5000 },
    );
  });

  test('1970-01-01 is day 0 and days count up by one', () => {
    assert.equal(toDay('1970-01-01'), 0);
    assert.equal(toDay('1970-01-02'), 1);
    assert.equal(toDay('1969-12-31'), -1);
    assert.equal(formatDay(0), '1970-01-01');
  });

  test('leap days exist only in leap years (every 4th, not centuries, but every 400th)', () => {
    assert.equal(parseDay('2023-02-29'), undefined);
    assert.notEqual(parseDay('2024-02-29'), undefined);
    assert.equal(parseDay('1900-02-29'), undefined);
    assert.notEqual(parseDay('2000-02-29'), undefined);
    assert.equal(daysInMonth(2023, 2), 28);
    assert.equal(daysInMonth(2024, 2), 29);
    assert.equal(daysInMonth(2100, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
  });

  test('impossible or badly written dates are refused', () => {
    for (const text of [
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '2023-1-01',
      '23-01-01',
      '',
    ]) {
      assert.equal(parseDay(text), undefined, text);
    }
    assert.throws(() => toDay('2023-02-29'), RangeError);
  });

  test('every date round-trips and agrees with the platform calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const text = formatDay(day);
        assert.equal(parseDay(text), day);
        assert.equal(Date.parse(`${text}T00:00:00Z`) / 86_400_000, day);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dates: calendar months', () => {
  test('the same day of the month, months later or earlier', () => {
    assert.equal(months('2015-01-05', 12), '2016-01-05');
    assert.equal(months('2015-12-15', 1), '2016-01-15');
    assert.equal(months('2016-01-15', -1), '2015-12-15');
    assert.equal(months('2015-01-05', 24), '2017-01-05');
  });

  test('month-end clamping: Jan 31 + 1 month is the last day of February', () => {
    assert.equal(months('2015-01-31', 1), '2015-02-28');
    assert.equal(months('2016-01-31', 1), '2016-02-29');
    assert.equal(months('2015-03-31', -1), '2015-02-28');
    assert.equal(months('2015-05-31', 1), '2015-06-30');
    assert.equal(months('2016-02-29', 12), '2017-02-28');
    assert.equal(months('2016-02-29', 48), '2020-02-29');
  });

  test('a span of N months ends the day before the same date N months on (both ends counted)', () => {
    assert.equal(lastOf('2015-01-05', 12), '2016-01-04');
    assert.equal(lastOf('2015-01-05', 24), '2017-01-04');
    assert.equal(lastOf('2015-01-01', 12), '2015-12-31');
    assert.equal(lastOf('2016-03-01', 1), '2016-03-31');
  });

  test('adding whole years to a day-of-month up to 28 keeps month and day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: -50, max: 50 }),
        (y, m, d, years) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          const later = months(`${y}-${pad(m)}-${pad(d)}`, years * 12);
          assert.equal(later, `${y + years}-${pad(m)}-${pad(d)}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('adding months never goes backwards and never skips a month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 60 }), (day, n) => {
        const a = addMonths(day, n);
        const b = addMonths(day, n + 1);
        assert.ok(b > a);
        // One calendar month is 28 to 31 days.
        assert.ok(b - a >= 28 && b - a <= 31);
      }),
      { numRuns: 200 },
    );
  });
});

describe('dates: inclusive day counts', () => {
  test('2023-05-01..2024-04-30 is 366 days, both ends counted', () => {
    const from = toDay('2023-05-01');
    const to = toDay('2024-04-30');
    assert.equal(to - from + 1, 366);
    assert.equal(fteDays([{ from, to, fte: 1 }], from, to), 366);
  });

  test('a single day counts as one day', () => {
    const d = toDay('2024-02-29');
    assert.equal(fteDays([{ from: d, to: d, fte: 1 }], d, d), 1);
  });
});
