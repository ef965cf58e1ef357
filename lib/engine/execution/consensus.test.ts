import { describe, expect, it } from 'vitest';
import { normalizeAnswer, tallyVotes, type Vote } from './consensus';

const vote = (agentName: string, answer: string): Vote => ({
  agentId: agentName,
  agentName,
  answer,
});

describe('tallyVotes', () => {
  it('picks the answer more than half of the agents gave', () => {
    const tally = tallyVotes([vote('a', '105'), vote('b', '105'), vote('c', '106')]);
    expect(tally.winner).toBe('105');
    expect(tally.winners).toEqual(['a', 'b']);
    expect(tally.needed).toBe(2);
    expect(tally.counts).toEqual([
      { answer: '105', votes: 2, agents: ['a', 'b'] },
      { answer: '106', votes: 1, agents: ['c'] },
    ]);
  });

  it('compares answers after normalising case, spaces and a trailing full stop', () => {
    const tally = tallyVotes([vote('a', 'Paris.'), vote('b', '  paris'), vote('c', 'Lyon')]);
    expect(tally.winner).toBe('Paris.');
    expect(tally.counts[0]?.votes).toBe(2);
    expect(normalizeAnswer(' The   Answer. ')).toBe('the answer');
  });

  it('has no winner on a tie or a plurality short of a majority', () => {
    expect(tallyVotes([vote('a', 'x'), vote('b', 'y')]).winner).toBeNull();
    const plurality = tallyVotes([vote('a', 'x'), vote('b', 'x'), vote('c', 'y'), vote('d', 'z')]);
    expect(plurality.needed).toBe(3);
    expect(plurality.winner).toBeNull();
    expect(plurality.counts[0]).toEqual({ answer: 'x', votes: 2, agents: ['a', 'b'] });
  });

  it('has no winner without votes', () => {
    expect(tallyVotes([])).toMatchObject({ winner: null, total: 0, needed: 1, counts: [] });
  });
});
