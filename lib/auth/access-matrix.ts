import type { UserRole } from './roles';

/**
 * Who may call what. Every page and every /api/v1 route is listed here with the least role it
 * needs (or `public`). Route handlers and pages look their requirement up here, so the code cannot
 * disagree with the table, and lib/auth/access-matrix.int… tests enumerate app/ from the file system
 * and fail for any route or page missing from it.
 */
export type Access = UserRole | 'public';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Route patterns use Next's folder syntax: `/api/v1/agents/[id]`. */
export const API_ACCESS: Record<string, Partial<Record<HttpMethod, Access>>> = {
  '/api/v1/health': { GET: 'public' },
  '/api/v1/openapi.json': { GET: 'public' },
  '/api/v1/me': { GET: 'viewer' },
  '/api/v1/activity': { GET: 'viewer' },
  '/api/v1/agents': { GET: 'viewer', POST: 'operator' },
  '/api/v1/agents/[id]': { GET: 'viewer', PATCH: 'operator', DELETE: 'operator' },
  '/api/v1/agents/[id]/status': { POST: 'operator' },
  '/api/v1/agents/[id]/transitions': { GET: 'viewer' },
  '/api/v1/agents/[id]/uptime': { GET: 'viewer' },
  '/api/v1/budgets': { GET: 'viewer', POST: 'admin' },
  '/api/v1/budgets/[id]': { PATCH: 'admin', DELETE: 'admin' },
  '/api/v1/prices': { GET: 'viewer', POST: 'admin' },
  '/api/v1/prices/[id]': { PATCH: 'admin', DELETE: 'admin' },
  '/api/v1/costs': { GET: 'viewer' },
  '/api/v1/costs.csv': { GET: 'viewer' },
  '/api/v1/capabilities': { GET: 'viewer' },
  '/api/v1/requests': { GET: 'viewer', POST: 'operator' },
  '/api/v1/requests/[id]': { GET: 'viewer' },
  '/api/v1/requests/[id]/cancel': { POST: 'operator' },
  '/api/v1/requests/[id]/approve': { POST: 'operator' },
  '/api/v1/requests/[id]/events': { GET: 'viewer' },
  '/api/v1/requests/[id]/trace': { GET: 'viewer' },
  '/api/v1/requests/[id]/costs': { GET: 'viewer' },
  '/api/v1/requests/[id]/tasks/[taskId]': { GET: 'viewer' },
  '/api/v1/requests/[id]/tasks/[taskId]/actions': { POST: 'operator' },
  '/api/v1/tokens': { GET: 'admin', POST: 'admin' },
  '/api/v1/tokens/[id]': { DELETE: 'admin' },
  // Baton's builtin agents over A2A (docs/agents/builtin-a2a.md): the card holds no data; sending
  // them work is an operator's act.
  '/api/a2a/builtin/[name]': { POST: 'operator' },
  '/api/a2a/builtin/[name]/.well-known/agent-card.json': { GET: 'public' },
  // Baton itself over A2A (lib/server/a2a-orchestrator.ts): submitting work is an operator's act.
  '/api/a2a': { POST: 'operator' },
  '/api/a2a/.well-known/agent-card.json': { GET: 'public' },
  // Baton as an MCP server (lib/server/mcp-server.ts): every call is a POST, reads included, so the
  // route needs a viewer and each tool the role MCP_TOOL_ACCESS gives it.
  '/api/mcp': { POST: 'viewer' },
};

/**
 * JSON-RPC routes where one HTTP method carries reads and writes: the route admits a viewer and
 * each call is checked against its own table (for /api/mcp: MCP_TOOL_ACCESS).
 */
export const PER_CALL_ACCESS_ROUTES: readonly string[] = ['/api/mcp'];

/** The tools of Baton's MCP server and the least role each needs (as the REST route it mirrors). */
export const MCP_TOOL_ACCESS = {
  submit_request: 'operator',
  get_request: 'viewer',
  cancel_request: 'operator',
  list_agents: 'viewer',
  set_agent_status: 'operator',
} as const satisfies Record<string, UserRole>;
export type McpToolName = keyof typeof MCP_TOOL_ACCESS;

/** Pages by route pattern (route groups removed). */
export const PAGE_ACCESS: Record<string, Access> = {
  '/sign-in': 'public',
  '/setup': 'public',
  '/': 'viewer',
  '/agents': 'viewer',
  '/agents/new': 'operator',
  '/agents/[id]': 'viewer',
  '/agents/[id]/edit': 'operator',
  '/requests': 'viewer',
  '/requests/[id]': 'viewer',
  '/costs': 'viewer',
  '/settings': 'viewer',
  // Everyone may read the price table (costs are estimated from it); only admins edit it.
  '/settings/pricing': 'viewer',
  '/settings/users': 'admin',
  '/settings/tokens': 'admin',
  '/settings/audit': 'admin',
};

export const MUTATING_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function apiAccessFor(route: string, method: HttpMethod): Access {
  const access = API_ACCESS[route]?.[method];
  if (!access) {
    throw new Error(`${method} ${route} is not in API_ACCESS (lib/auth/access-matrix.ts): add it.`);
  }
  return access;
}

export function pageAccessFor(route: string): Access {
  const access = PAGE_ACCESS[route];
  if (!access)
    throw new Error(`Page ${route} is not in PAGE_ACCESS (lib/auth/access-matrix.ts): add it.`);
  return access;
}
