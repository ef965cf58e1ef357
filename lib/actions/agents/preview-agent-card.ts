'use server';

import { z } from 'zod';
import { requireActionRole } from '@/lib/auth/session';
import { EndpointUrlSchema } from '@/lib/schemas/agents';
import { previewAgentCard } from '@/lib/server/agents';
import { actionError, ok, rethrowNavigation, type ActionResult } from '../result';

/** What the register form shows of an agent card (the skills become the agent's capabilities). */
export interface CardPreview {
  cardUrl: string;
  name: string;
  description: string;
  version: string;
  skills: { name: string; description: string; tags: string[] }[];
}

const PreviewAgentCardSchema = z.object({
  endpointUrl: EndpointUrlSchema,
  secret: z.string().max(4096).optional(),
});

/**
 * Reads an A2A agent card for the register form (operator). Operator-only because it makes Baton
 * send a request to a URL of the caller's choosing.
 */
export async function previewAgentCardAction(input: {
  endpointUrl: string;
  secret?: string;
}): Promise<ActionResult<CardPreview>> {
  try {
    const { endpointUrl, secret } = PreviewAgentCardSchema.parse(input);
    await requireActionRole('operator');
    const card = await previewAgentCard(endpointUrl, { secret: secret || null });
    return ok({
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
