import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDayLabel, formatDuration, humanize } from './format';

describe('formatDateTime', () => {
  it('renders UTC regardless of the process time zone', () => {
    expect(formatDateTime(new Date('2026-01-05T14:03:59.999Z'))).toBe('2026-01-05 14:03 UTC');
    expect(formatDate(new Date('2026-01-05T23:59:00Z'))).toBe('2026-01-05');
  });
});

describe('formatDayLabel', () => {
  it('names the UTC day of a YYYY-MM-DD string', () => {
    expect(formatDayLabel('2026-01-05')).toBe('Mon, Jan 5');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [12_345, '12.3 s'],
    [245_000, '4m 05s'],
    [7_380_000, '2h 03m'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for negative or non-finite durations (clock skew)', () => {
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('humanize', () => {
  it('turns enum values into words', () => {
    expect(humanize('awaiting_approval')).toBe('Awaiting approval');
    expect(humanize('FAILED')).toBe('Failed');
    expect(humanize('least_loaded')).toBe('Least loaded');
  });
});
