import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as types from './types';

/** Values of `enum <name> { … }` in prisma/schema.prisma. */
function prismaEnum(name: string): string[] {
  const schema = readFileSync(path.join(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
  const match = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema);
  if (!match) throw new Error(`enum ${name} not found in schema.prisma`);
  return match[1]!
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('@@') && !line.startsWith('//'));
}

describe('engine unions match the database enums', () => {
  it.each([
    ['AgentKind', types.AGENT_KINDS],
    ['AgentStatus', types.AGENT_STATUSES],
    ['CircuitState', types.CIRCUIT_STATES],
    ['RequestStatus', types.REQUEST_STATUSES],
    ['TaskStatus', types.TASK_STATUSES],
    ['AttemptStatus', types.ATTEMPT_STATUSES],
    ['ErrorKind', types.ERROR_KINDS],
    ['RoutingStrategy', types.ROUTING_STRATEGIES],
    ['ExecutionMode', types.EXECUTION_MODES],
    ['CostKind', types.COST_KINDS],
    ['BudgetScope', types.BUDGET_SCOPES],
    ['BudgetPeriod', types.BUDGET_PERIODS],
    ['BudgetMode', types.BUDGET_MODES],
    ['UserRole', types.USER_ROLES],
  ])('%s', (name, values) => {
    expect([...values]).toEqual(prismaEnum(name));
  });
});
