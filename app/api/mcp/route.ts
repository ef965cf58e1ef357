import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { handleMcpRequest } from '@/lib/server/mcp-server';

export const dynamic = 'force-dynamic';

/**
 * POST /api/mcp — Baton as an MCP server (Streamable HTTP, stateless, JSON answers): tools
 * submit_request, get_request, cancel_request, list_agents, set_agent_status and the resources
 * baton://requests/{id}/result and /trace. An API token ("Authorization: Bearer …") with at least
 * the viewer role; each tool needs its own role (MCP_TOOL_ACCESS in lib/auth/access-matrix.ts).
 * GET (the optional server-to-client stream) answers 405, as the transport allows.
 */
export const POST = apiRoute('/api/mcp', 'POST', async ({ request, viewer }) =>
  handleMcpRequest(request, { db: getDb(), viewer: viewer! }),
);
