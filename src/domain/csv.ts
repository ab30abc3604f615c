// CSV: RFC 4180 in UTF-8, safe to open in a spreadsheet (downloads), and read back (imports).

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab or carriage
 * return that some strip before looking) gets a ' in front, so that it is shown as text.
 */
const neutralized = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A cell, quoted when it holds a quote, comma or line break (quotes doubled). */
const cell = (value: string) => {
  const text = neutralized(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * Rows as CSV text: CRLF between records, the first row the header. Starts with a byte-order
 * mark so that spreadsheets read it as UTF-8 (names with accents come out right).
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/**
 * CSV text read back into rows (RFC 4180: quoted cells may hold commas, quotes doubled and line
 * breaks; CRLF or LF between records; a leading byte-order mark dropped). Blank lines are left
 * out. A quote left open is an error naming the line it opened on.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cellText = '';
  let quoted = false;
  let line = 1;
  let openedOn = 0;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRow = () => {
    row.push(cellText);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cellText = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cellText += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cellText += c;
      }
    } else if (c === '"' && cellText === '') {
      quoted = true;
      openedOn = line;
    } else if (c === ',') {
      row.push(cellText);
      cellText = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      line++;
      endRow();
    } else cellText += c;
  }
  if (quoted) throw new Error(`a quote opened on line ${openedOn} is never closed`);
  if (cellText !== '' || row.length) endRow();
  return rows;
}
