-- CreateEnum
CREATE TYPE "proposal_status" AS ENUM ('pending', 'approved', 'rejected');

-- AlterTable
ALTER TABLE "task_attempts" ADD COLUMN     "input_hash" TEXT,
ADD COLUMN     "output" JSONB,
ADD COLUMN     "remote_cancel" JSONB;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "options" JSONB;

-- CreateTable
CREATE TABLE "agent_proposals" (
    "id" UUID NOT NULL,
    "request_id" UUID,
    "base_agent_id" UUID,
    "name" TEXT NOT NULL,
    "capability" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "system_prompt" TEXT NOT NULL,
    "status" "proposal_status" NOT NULL DEFAULT 'pending',
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "agent_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_proposals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agent_proposals_status_created_at_idx" ON "agent_proposals"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "task_attempts_worker_id_status_idx" ON "task_attempts"("worker_id", "status");
