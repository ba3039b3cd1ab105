import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('Function: formatTable', () => {
  it('aligns columns two spaces apart, right-aligning where asked, with no trailing spaces', () => {
    // Act
    const text = formatTable(
      [
        ['ID', 'ATTEMPTS', 'ERROR'],
        ['abc', '5', 'HTTP 503'],
        ['a', '12', ''],
      ],
      { align: ['left', 'right', 'left'], indent: '  ' },
    );

    // Assess
    expect(text.split('\n')).toEqual(['  ID   ATTEMPTS  ERROR', '  abc         5  HTTP 503', '  a          12']);
  });
});
