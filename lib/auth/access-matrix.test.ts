import { describe, expect, it } from 'vitest';
import {
  API_ACCESS,
  apiAccessFor,
  MUTATING_METHODS,
  PAGE_ACCESS,
  pageAccessFor,
} from './access-matrix';

describe('access matrix', () => {
  it('never lets a viewer change anything through the API', () => {
    for (const [route, methods] of Object.entries(API_ACCESS)) {
      for (const method of MUTATING_METHODS) {
        const access = methods[method];
        if (access)
          expect([`${method} ${route}`, access]).not.toEqual([`${method} ${route}`, 'viewer']);
        if (access) expect(access, `${method} ${route}`).not.toBe('public');
      }
    }
  });

  it('keeps the admin pages for admins', () => {
    for (const route of Object.keys(PAGE_ACCESS).filter((r) =>
      /^\/settings\/(users|tokens|audit)/.test(r),
    )) {
      expect(PAGE_ACCESS[route], route).toBe('admin');
    }
  });

  it('fails loudly for a route the table does not know', () => {
    expect(() => apiAccessFor('/api/v1/unknown', 'GET')).toThrow(/not in API_ACCESS/);
    expect(() => pageAccessFor('/nowhere')).toThrow(/not in PAGE_ACCESS/);
  });
});
