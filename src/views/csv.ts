// Spreadsheet downloads: RFC 4180 CSV in UTF-8, safe to open in a spreadsheet.

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
