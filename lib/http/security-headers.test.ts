import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('allows only nonce-bearing scripts, no framing, no plugins, forms back to Baton only', () => {
    const csp = buildContentSecurityPolicy('abc123', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("allows eval only in development (React's dev tooling needs it)", () => {
    expect(buildContentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
  });

  it('sets the classic hardening headers', () => {
    expect(securityHeaders('n', false)).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
  });
});
