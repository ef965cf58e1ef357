import { ROUTING_STRATEGIES, type RoutingStrategy } from '@/lib/engine';

/** Each routing strategy's name and what it prefers, in one line (lib/engine/routing/route.ts). */
export const STRATEGY_LABELS = {
  capability: 'Capability match',
  semantic: 'Semantic',
  round_robin: 'Round robin',
  random: 'Random',
  weighted: 'Weighted',
  least_loaded: 'Least loaded',
  fastest: 'Fastest',
  cheapest: 'Cheapest',
  most_reliable: 'Most reliable',
} as const satisfies Record<RoutingStrategy, string>;

export const STRATEGY_HELP = {
  capability: 'Any agent offering the capability, the least loaded first.',
  semantic: 'Ranks agents by how well their capability text matches the task (BM25).',
  round_robin: 'Takes the capable agents in turn, so work spreads evenly.',
  random: 'Picks a capable agent uniformly at random.',
  weighted: 'Picks at random in proportion to each agent’s weight.',
  least_loaded: 'The agent with the fewest tasks in flight for its capacity.',
  fastest: 'The agent with the lowest recent latency.',
  cheapest: 'The agent with the lowest estimated cost for the task.',
  most_reliable: 'The agent with the highest recent success rate.',
} as const satisfies Record<RoutingStrategy, string>;

export const STRATEGY_OPTIONS = ROUTING_STRATEGIES.map((strategy) => ({
  value: strategy,
  label: STRATEGY_LABELS[strategy],
}));
