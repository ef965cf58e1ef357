import { describe, expect, it } from 'vitest';
import {
  API_ACCESS,
  apiAccessFor,
  MCP_TOOL_ACCESS,
  MUTATING_METHODS,
  PAGE_ACCESS,
  pageAccessFor,
  PER_CALL_ACCESS_ROUTES,
} from './access-matrix';

describe('access matrix', () => {
  it('never lets a viewer change anything through the API', () => {
    for (const [route, methods] of Object.entries(API_ACCESS)) {
      // Checked per call instead (below).
      if (PER_CALL_ACCESS_ROUTES.includes(route)) continue;
      for (const method of MUTATING_METHODS) {
        const access = methods[method];
        if (access)
          expect([`${method} ${route}`, access]).not.toEqual([`${method} ${route}`, 'viewer']);
        if (access) expect(access, `${method} ${route}`).not.toBe('public');
      }
    }
  });

  it('gives every MCP tool that changes something to operators only', () => {
    expect(MCP_TOOL_ACCESS.submit_request).toBe('operator');
    expect(MCP_TOOL_ACCESS.cancel_request).toBe('operator');
    expect(MCP_TOOL_ACCESS.set_agent_status).toBe('operator');
    expect(PER_CALL_ACCESS_ROUTES.every((route) => API_ACCESS[route]?.POST === 'viewer')).toBe(
      true,
    );
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
