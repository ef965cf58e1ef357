-- AlterEnum
ALTER TYPE "agent_kind" ADD VALUE 'mcp';

-- AlterTable
ALTER TABLE "capabilities" ADD COLUMN     "input_schema" JSONB;

-- CreateTable
CREATE TABLE "trace_exports" (
    "request_id" UUID NOT NULL,
    "exported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trace_exports_pkey" PRIMARY KEY ("request_id")
);

-- CreateIndex
CREATE INDEX "trace_exports_exported_at_idx" ON "trace_exports"("exported_at");
