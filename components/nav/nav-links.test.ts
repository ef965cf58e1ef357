import { describe, expect, it } from 'vitest';
import { isCurrentSection } from './nav-links';

describe('isCurrentSection', () => {
  it('marks Overview only on the root path', () => {
    expect(isCurrentSection('/', '/')).toBe(true);
    expect(isCurrentSection('/agents', '/')).toBe(false);
  });

  it('marks a section on its path and the paths below it, not on look-alikes', () => {
    expect(isCurrentSection('/agents', '/agents')).toBe(true);
    expect(isCurrentSection('/agents/0190a1b2', '/agents')).toBe(true);
    expect(isCurrentSection('/agents-archive', '/agents')).toBe(false);
  });
});
