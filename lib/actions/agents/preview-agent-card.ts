'use server';

import { z } from 'zod';
import { EndpointUrlSchema } from '@/lib/schemas/agents';
import { previewAgentCard, previewMcpTools } from '@/lib/server/agents';
import type { ActionResult } from '../result';
import { runAction } from '../run-action';

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
  return runAction({
    name: 'previewAgentCard',
    role: 'operator',
    parse: () => PreviewAgentCardSchema.parse(input),
    call: ({ kind, endpointUrl, secret }) =>
      kind === 'mcp'
        ? previewMcpTools(endpointUrl, { secret: secret || null })
        : previewAgentCard(endpointUrl, { secret: secret || null }),
    result: (card, { kind }) => ({
      kind,
      cardUrl: card.cardUrl,
      name: card.name,
      description: card.description,
      version: card.version,
      skills: card.capabilities.map(({ name, description, tags }) => ({ name, description, tags })),
    }),
  });
}
