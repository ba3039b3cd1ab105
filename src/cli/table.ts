export type ColumnAlign = 'left' | 'right';

/**
 * Lays out rows as aligned plain-text columns (two spaces apart, no trailing spaces): the
 * human output of `sluice status` and `sluice dlq list`.
 *
 * @example
 * ```ts
 * formatTable([['ID', 'ATTEMPTS'], ['r1', '5']], { align: ['left', 'right'] });
 * // "ID  ATTEMPTS\nr1         5"
 * ```
 */
export function formatTable(rows: readonly (readonly string[])[], options: { align?: readonly ColumnAlign[]; indent?: string } = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  const indent = options.indent ?? '';
  return rows
    .map((row) => {
      const cells = row.map((cell, index) => {
        const last = index === row.length - 1;
        if (options.align?.[index] === 'right') return cell.padStart(widths[index]!);
        return last ? cell : cell.padEnd(widths[index]!);
      });
      return `${indent}${cells.join('  ')}`.trimEnd();
    })
    .join('\n');
}
