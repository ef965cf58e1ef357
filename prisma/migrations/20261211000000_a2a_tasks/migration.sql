-- CreateTable
CREATE TABLE "a2a_tasks" (
    "endpoint" TEXT NOT NULL,
    "tenant" TEXT NOT NULL DEFAULT '',
    "owner" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "context_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "status_at" BIGINT NOT NULL DEFAULT 0,
    "task" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "a2a_tasks_pkey" PRIMARY KEY ("endpoint","tenant","owner","id")
);

-- CreateIndex
CREATE INDEX "a2a_tasks_endpoint_tenant_owner_status_at_id_idx" ON "a2a_tasks"("endpoint", "tenant", "owner", "status_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "a2a_tasks_updated_at_idx" ON "a2a_tasks"("updated_at");
