/**
 * A2A health probes: the card read again, and with `canary: true` a short message that must get a
 * reply (Baton's own builtins answer it cheaply, see CANARY_METADATA).
 */
import { Role, TaskState, taskStateToJSON, type AgentCard } from '@a2a-js/sdk';
import { agentHeaders, createDeadline, describeNetworkError, elapsedSince } from './http';
import { probeFailure } from './outcomes';
import type { AgentTarget, ProbeOptions, ProbeResult } from './types';
import { AgentCardError, errorText, resolveAgentCard, type ResolvedCard } from './a2a-card';
import { createA2AClient, isTask } from './a2a-client';

/** Marks the canary message, so agents (Baton's own builtins among them) can answer it cheaply. */
export const CANARY_METADATA = { baton: { canary: true } } as const;
export const CANARY_TEXT = 'ping';

/** Sends the canary and returns null when the agent replied, or why it did not. */
async function sendCanary(
  sdkCard: AgentCard,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<string | null> {
  const client = await createA2AClient(sdkCard, headers);
  const result = await client.sendMessage(
    {
      tenant: '',
      message: {
        messageId: crypto.randomUUID(),
        contextId: '',
        taskId: '',
        role: Role.ROLE_USER,
        parts: [
          {
            content: { $case: 'text', value: CANARY_TEXT },
            metadata: undefined,
            filename: '',
            mediaType: 'text/plain',
          },
        ],
        metadata: { ...CANARY_METADATA },
        extensions: [],
        referenceTaskIds: [],
      },
      configuration: undefined,
      metadata: undefined,
    },
    { signal },
  );
  if (!isTask(result)) {
    return result.parts.length > 0 ? null : 'The agent answered the canary with an empty message.';
  }
  const state = result.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED;
  if (state === TaskState.TASK_STATE_COMPLETED || state === TaskState.TASK_STATE_INPUT_REQUIRED) {
    return null;
  }
  const label = taskStateToJSON(state).replace(/^TASK_STATE_/, '');
  const detail = result.status?.message?.parts
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .join(' ')
    .trim();
  if (
    state === TaskState.TASK_STATE_SUBMITTED ||
    state === TaskState.TASK_STATE_WORKING ||
    state === TaskState.TASK_STATE_AUTH_REQUIRED
  ) {
    // Do not leave the canary running on the agent.
    void client.cancelTask({ tenant: '', id: result.id, metadata: undefined }).catch(() => {});
    return `The agent accepted the canary but did not answer it (task ${label}).`;
  }
  return `The canary task ended ${label}${detail ? `: ${detail}` : ''}.`;
}

/** Reads the card again (the hash says whether skills drifted) and, with `canary`, sends the canary. */
export async function probeA2A(
  target: AgentTarget<'a2a'>,
  { signal, timeoutMs }: ProbeOptions,
): Promise<ProbeResult> {
  const startedAt = performance.now();
  const deadline = createDeadline(timeoutMs, signal);
  const headers = agentHeaders(target.config.headers, target.secret);
  const fail = probeFailure(target.secret, startedAt);
  try {
    if (!target.endpointUrl) return fail('The agent has no URL.');
    let resolved: ResolvedCard;
    try {
      resolved = await resolveAgentCard(target.endpointUrl, {
        signal: deadline.signal,
        timeoutMs,
        headers,
        approvedOrigins: target.config.approvedOrigins ?? [],
      });
    } catch (error) {
      if (error instanceof AgentCardError) return fail(error.message);
      throw error;
    }
    if (target.config.canary) {
      const where = resolved.imported.interfaces[0]?.url ?? target.endpointUrl;
      try {
        const problem = await sendCanary(resolved.sdkCard, headers, deadline.signal);
        if (problem) return fail(problem, resolved.imported);
      } catch (error) {
        const message =
          describeNetworkError(error, where, deadline.signal) ?? describeCanaryError(error);
        return fail(message, resolved.imported);
      }
    }
    return { ok: true, latencyMs: elapsedSince(startedAt), card: resolved.imported };
  } finally {
    deadline.dispose();
  }
}

/** The SDK reports HTTP failures as "HTTP error for SendMessage! Status: 401 …": keep the status. */
function describeCanaryError(error: unknown): string {
  const status = /\bStatus: (\d{3})\b/.exec(errorText(error))?.[1];
  if (status) {
    const hint = status === '401' || status === '403' ? ": check the agent's secret" : '';
    return `The agent answered the canary message with HTTP ${status}${hint}.`;
  }
  return `The canary message failed: ${errorText(error)}`;
}
