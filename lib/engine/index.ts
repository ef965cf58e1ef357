/**
 * The public entry of Baton's domain engine. Everything outside lib/engine imports from here.
 * Concerns live in sub-folders (registry, status, routing, planning, dag, execution, budget, health)
 * as they are built.
 */
export * from './types';
export { FakeClock, systemClock } from './clock';
export { MICROS_PER_USD, formatUsd, parseUsd, sumMicros } from './budget/money';
