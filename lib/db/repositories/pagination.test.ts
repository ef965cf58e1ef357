import { describe, expect, it } from 'vitest';
import { clampPage, clampPageSize, countPages, MAX_PAGE_SIZE } from './pagination';

describe('countPages', () => {
  it('has one page for an empty list and rounds partial pages up', () => {
    expect(countPages(0, 25)).toBe(1);
    expect(countPages(25, 25)).toBe(1);
    expect(countPages(26, 25)).toBe(2);
  });
});

describe('clampPage', () => {
  it('keeps pages inside [1, last page]', () => {
    expect(clampPage(0, 100, 25)).toBe(1);
    expect(clampPage(-3, 100, 25)).toBe(1);
    expect(clampPage(3, 100, 25)).toBe(3);
    expect(clampPage(9, 100, 25)).toBe(4);
    expect(clampPage(5, 0, 25)).toBe(1);
    expect(clampPage(Number.NaN, 100, 25)).toBe(1);
  });
});

describe('clampPageSize', () => {
  it('bounds the page size', () => {
    expect(clampPageSize(0)).toBe(1);
    expect(clampPageSize(10_000)).toBe(MAX_PAGE_SIZE);
  });
});
