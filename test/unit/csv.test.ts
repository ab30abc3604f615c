// The CSV of downloads: RFC 4180 quoting, and cells a spreadsheet would run as a formula shown as text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv, toCsv } from '../../src/domain/csv.ts';

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

test('CSV read back: quotes, commas, line breaks and the byte-order mark; blank lines left out', () => {
  const rows = [
    ['code', 'text'],
    ['A-1', 'say "hi", then\r\ntwo lines'],
    ['A-2', ''],
  ];
  assert.deepEqual(parseCsv(toCsv(rows)), rows);
  assert.deepEqual(parseCsv('a,b\n\n1,2\n'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
});

test('a quote never closed is an error naming the line it opened on', () => {
  assert.throws(() => parseCsv('a,b\n1,"open\n2,3'), /a quote opened on line 2 is never closed/);
});
