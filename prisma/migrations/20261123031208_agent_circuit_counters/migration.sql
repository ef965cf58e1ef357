-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "circuit_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "circuit_trial_at" TIMESTAMPTZ(3);

ALTER TABLE "agents" ADD CONSTRAINT "agents_circuit_failures_check" CHECK ("circuit_failures" >= 0);
