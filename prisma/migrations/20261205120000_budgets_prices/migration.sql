-- Issue 9: budgets enforced before dispatch, price tables, ledger keyed by attempt.

-- AlterEnum
ALTER TYPE "budget_scope" ADD VALUE 'capability';

-- AlterTable: budgets carry a name, a capability scope, thresholds, and the running period state
-- (spent / reserved / period start / fired thresholds), updated under the row lock of a claim.
ALTER TABLE "budgets" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "capability" TEXT,
ADD COLUMN     "thresholds" INTEGER[] DEFAULT ARRAY[50, 80, 100]::INTEGER[],
ADD COLUMN     "fired_thresholds" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "spent_micros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "reserved_micros" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "period_start" TIMESTAMPTZ(3) NOT NULL DEFAULT '1970-01-01T00:00:00Z';

UPDATE "budgets" SET "name" = "scope"::text || ' ' || "period"::text WHERE "name" = '';

-- AlterTable
ALTER TABLE "budget_reservations" ADD COLUMN     "actual_micros" BIGINT;

-- AlterTable: the ledger row of an attempt is keyed by it (recorded once, whatever re-delivery does).
ALTER TABLE "cost_entries" ADD COLUMN     "attempt_id" UUID,
ADD COLUMN     "capability" TEXT;

-- AlterTable: an agent may take its token prices from the price table (provider + model).
ALTER TABLE "agents" ADD COLUMN     "price_provider" TEXT,
ADD COLUMN     "price_model" TEXT;

-- CreateTable
CREATE TABLE "model_prices" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "input_per_mtok_micros" BIGINT NOT NULL,
    "output_per_mtok_micros" BIGINT NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_threshold_events" (
    "budget_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "percent" INTEGER NOT NULL,
    "spent_micros" BIGINT NOT NULL,
    "request_id" UUID,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_threshold_events_pkey" PRIMARY KEY ("budget_id","period_start","percent")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_prices_provider_model_effective_from_key" ON "model_prices"("provider", "model", "effective_from");

-- CreateIndex
CREATE INDEX "budget_threshold_events_fired_at_idx" ON "budget_threshold_events"("fired_at");

-- CreateIndex
CREATE INDEX "budget_reservations_attempt_id_idx" ON "budget_reservations"("attempt_id");

-- CreateIndex
CREATE UNIQUE INDEX "cost_entries_attempt_id_key" ON "cost_entries"("attempt_id");

-- CreateIndex
CREATE INDEX "cost_entries_capability_created_at_idx" ON "cost_entries"("capability", "created_at");

-- The global unique key now also leaves capability budgets out; capability budgets get their own.
DROP INDEX "budgets_global_period_key";
CREATE UNIQUE INDEX "budgets_global_period_key" ON "budgets"("scope", "period") WHERE (scope_id IS NULL AND capability IS NULL);
CREATE UNIQUE INDEX "budgets_capability_period_key" ON "budgets"("capability", "period") WHERE (capability IS NOT NULL);

-- AddForeignKey
ALTER TABLE "budget_threshold_events" ADD CONSTRAINT "budget_threshold_events_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Checks (text casts: the new enum value cannot be used in the transaction that adds it).
ALTER TABLE "budgets" DROP CONSTRAINT "budgets_scope_id_check";
ALTER TABLE "budgets"
  ADD CONSTRAINT "budgets_scope_id_check" CHECK (
    CASE "scope"::text
      WHEN 'global' THEN "scope_id" IS NULL AND "capability" IS NULL
      WHEN 'capability' THEN "scope_id" IS NULL AND "capability" IS NOT NULL
      ELSE "scope_id" IS NOT NULL AND "capability" IS NULL
    END),
  ADD CONSTRAINT "budgets_limit_max_check" CHECK ("limit_micros" <= 1000000000000000),
  ADD CONSTRAINT "budgets_state_check" CHECK ("spent_micros" >= 0 AND "reserved_micros" >= 0),
  ADD CONSTRAINT "budgets_name_check" CHECK (length("name") <= 100);

ALTER TABLE "model_prices"
  ADD CONSTRAINT "model_prices_amount_check" CHECK (
    "input_per_mtok_micros" BETWEEN 0 AND 1000000000000000
    AND "output_per_mtok_micros" BETWEEN 0 AND 1000000000000000);

ALTER TABLE "budget_reservations"
  ADD CONSTRAINT "budget_reservations_actual_check" CHECK ("actual_micros" IS NULL OR "actual_micros" >= 0);
