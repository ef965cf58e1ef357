/** How many task rows the Costs card lists; a request may have hundreds of tasks. */
export const COST_TASKS_SHOWN = 25;

/**
 * The costliest tasks first (ties keep the plan's order), at most `limit`, and what the rest add
 * up to, so the card stays short on a large request and its rows still sum to the total.
 */
export function costliestTasks<T extends { actualMicros: number }>(
  tasks: readonly T[],
  limit = COST_TASKS_SHOWN,
): { shown: T[]; hidden: { count: number; actualMicros: number } } {
  const sorted = tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => b.task.actualMicros - a.task.actualMicros || a.index - b.index)
    .map(({ task }) => task);
  const rest = sorted.slice(limit);
  return {
    shown: sorted.slice(0, limit),
    hidden: {
      count: rest.length,
      actualMicros: rest.reduce((sum, task) => sum + task.actualMicros, 0),
    },
  };
}
