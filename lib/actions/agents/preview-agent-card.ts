'use server';

import { z } from 'zod';
import { requireActionRole } from '@/lib/auth/session';
import { EndpointUrlSchema } from '@/lib/schemas/agents';
import { previewAgentCard, previewMcpTools } from '@/lib/server/agents';
import { actionError, ok, rethrowNavigation, type ActionResult } from '../result';

/**
 * What the register form shows of an agent card or an MCP server's tool list (the skills or tools
 * become the agent's capabilities).
 */
export interface CardPreview {
  kind: 'a2a' | 'mcp';
  cardUrl: string;
  name: string;
  description: string;
  version: string;
  skills: { name: string; description: string; tags: string[] }[];
}

const PreviewAgentCardSchema = z.object({
  kind: z.enum(['a2a', 'mcp']).default('a2a'),
  endpointUrl: EndpointUrlSchema,
  secret: z.string().max(4096).optional(),
});

/**
 * Reads an A2A agent card, or lists an MCP server's tools, for the register form (operator). Operator-only because it makes Baton
 * send a request to a URL of the caller's choosing.
 */
export async function previewAgentCardAction(input: {
  kind?: 'a2a' | 'mcp';
  endpointUrl: string;
  secret?: string;
}): Promise<ActionResult<CardPreview>> {
  try {
    const { kind, endpointUrl, secret } = PreviewAgentCardSchema.parse(input);
    await requireActionRole('operator');
    const card =
      kind === 'mcp'
        ? await previewMcpTools(endpointUrl, { secret: secret || null })
        : await previewAgentCard(endpointUrl, { secret: secret || null });
    return ok({
      kind,
      cardUrl: card.cardUrl,
      name: card.name,
      description: card.description,
      version: card.version,
      skills: card.capabilities.map(({ name, description, tags }) => ({ name, description, tags })),
    });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'previewAgentCard');
  }
}
