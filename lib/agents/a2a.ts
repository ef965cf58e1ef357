/**
 * The `a2a` adapter: any Agent2Agent agent, through the official `@a2a-js/sdk` (protocol v1.0, with
 * the SDK's v0.3 compatibility layer on so older agents work too). Registration reads the agent card
 * at `<url>/.well-known/agent-card.json` and imports its skills as capabilities; health checks read
 * it again (the hash says whether the skills drifted) and, with `canary: true`, send a short message
 * that must get a reply.
 *
 * All traffic goes through safeFetch: every URL — the registered one, the interfaces the card names,
 * redirects — must pass validateAgentUrl, and bodies are size-capped.
 */
import { cancelA2A, invokeA2A } from './a2a-call';
import { probeA2A } from './a2a-probe';
import type { AgentAdapter } from './types';

export {
  AGENT_CARD_PATH,
  AgentCardError,
  agentCardUrl,
  DEFAULT_CARD_TIMEOUT_MS,
  fetchAgentCard,
  importCard,
  MAX_CARD_BYTES,
  MAX_SKILLS,
  type AgentCardErrorCode,
  type FetchAgentCardOptions,
} from './a2a-card';
export { createA2AClient, MAX_RESPONSE_BYTES, type HttpTrace } from './a2a-client';
export {
  buildSendMessageRequest,
  POLL_FIRST_DELAY_MS,
  POLL_MAX_DELAY_MS,
  readReply,
  REMOTE_CANCEL_MIN_TIMEOUT_MS,
  REMOTE_CANCEL_TIMEOUT_MS,
} from './a2a-call';
export { CANARY_METADATA, CANARY_TEXT } from './a2a-probe';

export const a2aAdapter: AgentAdapter<'a2a'> = {
  kind: 'a2a',
  probe: probeA2A,
  invoke: invokeA2A,
  cancel: cancelA2A,
};
