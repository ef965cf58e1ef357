/**
 * Consensus by majority vote: every agent answers the same task; answers are compared after
 * normalisation (case, surrounding space, inner runs of space, a trailing full stop), and the answer
 * given by more than half of the agents that answered wins. Without a majority there is no winner
 * (the caller then asks a judge agent, when the task names one, or fails the task).
 */

export interface Vote {
  agentId: string;
  agentName: string;
  /** The agent's answer as text. */
  answer: string;
}

export interface Tally {
  /** The winning answer as the first agent that gave it wrote it; null without a majority. */
  winner: string | null;
  /** Agents that gave the winning answer. */
  winners: string[];
  /** Each distinct answer with its votes, most votes first (ties in order of first appearance). */
  counts: { answer: string; votes: number; agents: string[] }[];
  /** Votes cast. */
  total: number;
  /** Votes needed for a majority: ⌊total / 2⌋ + 1. */
  needed: number;
}

export function normalizeAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
}

export function tallyVotes(votes: readonly Vote[]): Tally {
  const groups = new Map<
    string,
    { answer: string; votes: number; agents: string[]; first: number }
  >();
  votes.forEach((vote, index) => {
    const key = normalizeAnswer(vote.answer);
    const group = groups.get(key);
    if (group) {
      group.votes += 1;
      group.agents.push(vote.agentName);
    } else {
      groups.set(key, {
        answer: vote.answer.trim(),
        votes: 1,
        agents: [vote.agentName],
        first: index,
      });
    }
  });
  const counts = [...groups.values()]
    .sort((a, b) => b.votes - a.votes || a.first - b.first)
    .map(({ answer, votes: count, agents }) => ({ answer, votes: count, agents }));
  const total = votes.length;
  const needed = Math.floor(total / 2) + 1;
  const top = counts[0];
  const hasMajority = top !== undefined && top.votes >= needed;
  return {
    winner: hasMajority ? top.answer : null,
    winners: hasMajority ? top.agents : [],
    counts,
    total,
    needed,
  };
}
