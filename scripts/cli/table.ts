/** Plain-text tables for list commands: aligned columns, no colours, one row per line. */

export interface Column<Row> {
  header: string;
  value(row: Row): string;
}

/** Header, a dash rule, then the rows; the last column is not padded (no trailing spaces). */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string[] {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => line[index]!.length)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]!)))
      .join('  ');
  return [
    render(columns.map((column) => column.header)),
    render(widths.map((width) => '-'.repeat(width))),
    ...cells.map(render),
  ];
}

/** `2026-11-23 02:33` in UTC (list headers say so); a dash for none. */
export function formatTimestamp(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16).replace('T', ' ') : '-';
}
