import { describe, expect, it } from 'vitest';
import { describeAuditMetadata, formatAuditTarget, formatAuditTime } from './audit-details';

describe('describeAuditMetadata', () => {
  it('lists an object as key/value pairs in alphabetical key order', () => {
    expect(
      describeAuditMetadata({ to: 'admin', from: 'viewer', email: 'ops@example.com' }),
    ).toEqual([
      { key: 'email', value: 'ops@example.com' },
      { key: 'from', value: 'viewer' },
      { key: 'to', value: 'admin' },
    ]);
  });

  it('shows numbers, booleans, null and nested values compactly', () => {
    expect(
      describeAuditMetadata({ sessionsEnded: 2, forced: false, note: null, tags: ['a', 'b'] }),
    ).toEqual([
      { key: 'forced', value: 'false' },
      { key: 'note', value: '—' },
      { key: 'sessionsEnded', value: '2' },
      { key: 'tags', value: '["a","b"]' },
    ]);
  });

  it('shows nothing for an empty object and a whole non-object value under "value"', () => {
    expect(describeAuditMetadata({})).toEqual([]);
    expect(describeAuditMetadata('legacy')).toEqual([{ key: 'value', value: 'legacy' }]);
    expect(describeAuditMetadata([1, 2])).toEqual([{ key: 'value', value: '[1,2]' }]);
  });

  it('cuts long values to 80 characters', () => {
    const [detail] = describeAuditMetadata({ error: 'x'.repeat(500) });
    expect(detail?.value).toHaveLength(80);
    expect(detail?.value.endsWith('…')).toBe(true);
  });
});

describe('formatAuditTarget', () => {
  it('shortens long ids and leaves short ones', () => {
    expect(formatAuditTarget('user', '01997e2a-1c3d-7000-8000-00000000c1d2')).toBe(
      'user 01997e2a…',
    );
    expect(formatAuditTarget('agent', 'a-1')).toBe('agent a-1');
  });

  it('is null without a target', () => {
    expect(formatAuditTarget(null, null)).toBeNull();
  });
});

describe('formatAuditTime', () => {
  it('shows the UTC date and time to the second', () => {
    expect(formatAuditTime(new Date('2026-01-05T14:03:07.250+02:00'))).toBe('2026-01-05 12:03:07');
  });
});
