// The CSV of downloads: RFC 4180 quoting, and cells a spreadsheet would run as a formula shown as text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from '../../src/domain/csv.ts';

test('cells starting with = + - @, a tab or a carriage return get a leading quote mark', () => {
  const csv = toCsv([['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b', '']]);
  assert.equal(csv, "\uFEFF'=1+1,'+1,'-1,'@SUM(A1),'\tx,\"'\rx\",a=b,\r\n");
});

test('quotes, commas and line breaks are quoted, quotes doubled; records end in CRLF', () => {
  assert.equal(
    toCsv([
      ['a', 'b,c'],
      ['say "hi"', 'two\nlines'],
    ]),
    '\uFEFFa,"b,c"\r\n"say ""hi""","two\nlines"\r\n',
  );
});
