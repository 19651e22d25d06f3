/**
 * Left-aligned columns separated by two spaces; the last column is never padded (long URLs stay
 * intact). `style` colours a data cell; widths are measured on the plain text.
 */
export function formatTable(
  headers: string[],
  rows: string[][],
  style?: (row: number, col: number, cell: string) => string,
): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  return all
    .map((row, index) =>
      row
        .map((cell, col) => {
          const shown = index > 0 && style !== undefined ? style(index - 1, col, cell) : cell;
          return col === row.length - 1 ? shown : shown + ' '.repeat((widths[col] ?? 0) - cell.length);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
