/**
 * One CSV cell (RFC 4180): always quoted, quotes doubled. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe: an address
 * or a page typed by anyone must not become a formula in the administrator's spreadsheet.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows of cells as CSV text, CRLF between records as the RFC asks. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  const records = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${records.join('\r\n')}\r\n`;
}
