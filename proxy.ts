import { NextResponse, type NextRequest } from 'next/server';
import { actionBodyProblem } from '@/lib/http/action-body';
import { securityHeaders } from '@/lib/http/security-headers';

/** Pages reachable without a session; everything else needs one. API routes answer 401 themselves. */
const PUBLIC_PATHS = new Set(['/sign-in', '/setup']);
const SESSION_COOKIES = ['baton.session_token', '__Secure-baton.session_token'];

/**
 * Runs before every request: a fresh CSP nonce, handed to Next (which stamps it on its scripts) via
 * the request's CSP header, and the security headers on the response. A page request without any
 * session cookie is redirected to sign-in straight away (a cheap, optimistic check); the real check
 * — is the session valid, does the role allow this page — is in every page, action and route.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (request.method === 'POST' && request.headers.has('next-action')) {
    // Next.js answers 500 to an action body React could not have sent; refuse it here instead.
    const problem = await actionBodyProblem(request);
    if (problem) {
      return withSecurityHeaders(
        NextResponse.json(
          { error: { code: 'MALFORMED_REQUEST', message: problem.message } },
          { status: problem.status },
        ),
      );
    }
  }
  // `/.well-known/*` (Baton's A2A card) is public data served by a route handler, not a page.
  const isPage = !pathname.startsWith('/api/') && !pathname.startsWith('/.well-known/');
  if (
    isPage &&
    !PUBLIC_PATHS.has(pathname) &&
    !SESSION_COOKIES.some((name) => request.cookies.has(name))
  ) {
    const signIn = new URL('/sign-in', request.url);
    signIn.searchParams.set('next', `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(signIn));
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const headers = securityHeaders(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function withSecurityHeaders(response: NextResponse): NextResponse {
  const headers = securityHeaders(Buffer.from(crypto.randomUUID()).toString('base64'), false);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything but static assets (which carry no HTML and are cached).
    { source: '/((?!_next/static|_next/image|icon.svg|favicon.ico|robots.txt).*)' },
  ],
};
