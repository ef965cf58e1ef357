import { describe, expect, it } from 'vitest';
import { formatTable, formatTimestamp } from './table';

describe('formatTable', () => {
  const columns = [
    { header: 'NAME', value: (row: { name: string; role: string }) => row.name },
    { header: 'ROLE', value: (row: { name: string; role: string }) => row.role },
  ];

  it('aligns columns to the widest cell and leaves no trailing spaces', () => {
    expect(
      formatTable(columns, [
        { name: 'ci', role: 'operator' },
        { name: 'deploy-bot', role: 'admin' },
      ]),
    ).toEqual([
      'NAME        ROLE',
      '----------  --------',
      'ci          operator',
      'deploy-bot  admin',
    ]);
  });

  it('prints only the header for no rows', () => {
    expect(formatTable(columns, [])).toEqual(['NAME  ROLE', '----  ----']);
  });
});

describe('formatTimestamp', () => {
  it('shows UTC to the minute, and a dash for none', () => {
    expect(formatTimestamp(new Date('2026-11-23T02:33:59.999Z'))).toBe('2026-11-23 02:33');
    expect(formatTimestamp(null)).toBe('-');
  });
});
