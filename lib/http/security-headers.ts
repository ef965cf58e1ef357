/**
 * Security headers for every response (docs/decisions/0006-authentication.md §Headers). Pure so it
 * can be unit-tested; proxy.ts applies it per request with a fresh nonce.
 *
 * - Scripts: only Next's own, carrying this request's nonce ('strict-dynamic' lets them load their
 *   chunks). No inline event handlers, no eval (except in development, where React needs it).
 * - Styles: 'unsafe-inline' is required for style attributes (charts and the graph view set
 *   positions inline); style attributes cannot run code.
 * - No framing by anyone (clickjacking), no plugins, forms only back to Baton, no referrer leaks
 *   across origins, no MIME sniffing.
 */
export function buildContentSecurityPolicy(nonce: string, isDev: boolean): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${isDev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

export function securityHeaders(nonce: string, isDev: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': buildContentSecurityPolicy(nonce, isDev),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
