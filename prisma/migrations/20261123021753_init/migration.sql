-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('viewer', 'operator', 'admin');

-- CreateEnum
CREATE TYPE "agent_kind" AS ENUM ('a2a', 'openai', 'webhook', 'builtin');

-- CreateEnum
CREATE TYPE "agent_status" AS ENUM ('ACTIVE', 'DEGRADED', 'DRAINING', 'MAINTENANCE', 'INACTIVE', 'FAILED');

-- CreateEnum
CREATE TYPE "circuit_state" AS ENUM ('closed', 'open', 'half_open');

-- CreateEnum
CREATE TYPE "request_status" AS ENUM ('planning', 'awaiting_approval', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "task_status" AS ENUM ('pending', 'ready', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'skipped');

-- CreateEnum
CREATE TYPE "attempt_status" AS ENUM ('running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "error_kind" AS ENUM ('network', 'timeout', 'rate_limit', 'auth', 'server', 'invalid_response', 'budget', 'cancelled');

-- CreateEnum
CREATE TYPE "routing_strategy" AS ENUM ('capability', 'semantic', 'round_robin', 'random', 'weighted', 'least_loaded', 'fastest', 'cheapest', 'most_reliable');

-- CreateEnum
CREATE TYPE "execution_mode" AS ENUM ('single', 'fan_out', 'consensus');

-- CreateEnum
CREATE TYPE "planner_kind" AS ENUM ('heuristic', 'llm', 'workflow');

-- CreateEnum
CREATE TYPE "cost_kind" AS ENUM ('planning', 'agent', 'tool', 'routing');

-- CreateEnum
CREATE TYPE "budget_scope" AS ENUM ('global', 'agent', 'request');

-- CreateEnum
CREATE TYPE "budget_period" AS ENUM ('total', 'day', 'month');

-- CreateEnum
CREATE TYPE "budget_mode" AS ENUM ('warn', 'pause', 'stop');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" "user_role" NOT NULL DEFAULT 'viewer',
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "provider_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "password" TEXT,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "scope" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifications" (
    "id" UUID NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "role" "user_role" NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "user_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "ip_address" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "version" TEXT NOT NULL DEFAULT '',
    "kind" "agent_kind" NOT NULL,
    "endpoint_url" TEXT,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret_ciphertext" TEXT,
    "max_concurrent_tasks" INTEGER NOT NULL DEFAULT 4,
    "weight" INTEGER NOT NULL DEFAULT 100,
    "price_input_per_mtok_micros" BIGINT NOT NULL DEFAULT 0,
    "price_output_per_mtok_micros" BIGINT NOT NULL DEFAULT 0,
    "price_per_call_micros" BIGINT NOT NULL DEFAULT 0,
    "health_check_interval_s" INTEGER NOT NULL DEFAULT 60,
    "auto_recover" BOOLEAN NOT NULL DEFAULT false,
    "status" "agent_status" NOT NULL DEFAULT 'ACTIVE',
    "status_reason" TEXT,
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "circuit_state" "circuit_state" NOT NULL DEFAULT 'closed',
    "circuit_opened_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "consecutive_successes" INTEGER NOT NULL DEFAULT 0,
    "in_flight" INTEGER NOT NULL DEFAULT 0,
    "total_calls" BIGINT NOT NULL DEFAULT 0,
    "failed_calls" BIGINT NOT NULL DEFAULT 0,
    "ewma_latency_ms" DOUBLE PRECISION,
    "success_rate" DOUBLE PRECISION,
    "card" JSONB,
    "card_hash" TEXT,
    "card_drift_at" TIMESTAMPTZ(3),
    "last_health_check_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "capabilities" (
    "id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "input_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "output_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "capabilities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_transitions" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" UUID NOT NULL,
    "from" "agent_status",
    "to" "agent_status" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "health_checks" (
    "id" BIGSERIAL NOT NULL,
    "agent_id" UUID NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "latency_ms" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "requests" (
    "id" UUID NOT NULL,
    "input" TEXT,
    "workflow" JSONB,
    "submitted_by_id" UUID,
    "submitted_by" TEXT NOT NULL,
    "strategy" "routing_strategy" NOT NULL DEFAULT 'capability',
    "planner" "planner_kind" NOT NULL DEFAULT 'heuristic',
    "requires_approval" BOOLEAN NOT NULL DEFAULT false,
    "budget_limit_micros" BIGINT,
    "status" "request_status" NOT NULL DEFAULT 'planning',
    "result" JSONB,
    "error" TEXT,
    "idempotency_key" TEXT,
    "deadline_at" TIMESTAMPTZ(3),
    "cost_total_micros" BIGINT NOT NULL DEFAULT 0,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "capability" TEXT NOT NULL,
    "input" JSONB,
    "mode" "execution_mode" NOT NULL DEFAULT 'single',
    "status" "task_status" NOT NULL DEFAULT 'pending',
    "assigned_agent_id" UUID,
    "routing" JSONB,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "timeout_ms" INTEGER NOT NULL DEFAULT 60000,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "output" JSONB,
    "error" TEXT,
    "estimated_cost_micros" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_dependencies" (
    "task_id" UUID NOT NULL,
    "depends_on_id" UUID NOT NULL,

    CONSTRAINT "task_dependencies_pkey" PRIMARY KEY ("task_id","depends_on_id")
);

-- CreateTable
CREATE TABLE "task_attempts" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "agent_id" UUID,
    "number" INTEGER NOT NULL,
    "status" "attempt_status" NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "latency_ms" INTEGER,
    "tokens_in" INTEGER NOT NULL DEFAULT 0,
    "tokens_out" INTEGER NOT NULL DEFAULT 0,
    "cost_micros" BIGINT NOT NULL DEFAULT 0,
    "error_kind" "error_kind",
    "error" TEXT,
    "remote_task_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "worker_id" TEXT,

    CONSTRAINT "task_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_entries" (
    "id" BIGSERIAL NOT NULL,
    "request_id" UUID,
    "task_id" UUID,
    "agent_id" UUID,
    "kind" "cost_kind" NOT NULL,
    "tokens_in" INTEGER NOT NULL DEFAULT 0,
    "tokens_out" INTEGER NOT NULL DEFAULT 0,
    "amount_micros" BIGINT NOT NULL,
    "is_reported" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cost_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budgets" (
    "id" UUID NOT NULL,
    "scope" "budget_scope" NOT NULL,
    "scope_id" UUID,
    "limit_micros" BIGINT NOT NULL,
    "period" "budget_period" NOT NULL DEFAULT 'total',
    "mode" "budget_mode" NOT NULL DEFAULT 'stop',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_reservations" (
    "id" UUID NOT NULL,
    "budget_id" UUID NOT NULL,
    "attempt_id" UUID NOT NULL,
    "amount_micros" BIGINT NOT NULL,
    "settled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "request_id" UUID,
    "task_id" UUID,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "worker_heartbeats" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_cursors" (
    "key" TEXT NOT NULL,
    "position" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "routing_cursors_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions"("token");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_provider_id_account_id_key" ON "accounts"("provider_id", "account_id");

-- CreateIndex
CREATE INDEX "verifications_identifier_idx" ON "verifications"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_created_at_idx" ON "api_tokens"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_target_type_target_id_idx" ON "audit_logs"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "audit_logs_user_id_created_at_idx" ON "audit_logs"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "agents_status_idx" ON "agents"("status");

-- CreateIndex
CREATE INDEX "agents_kind_idx" ON "agents"("kind");

-- CreateIndex
CREATE INDEX "agents_created_at_idx" ON "agents"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "agents_name_live_key" ON "agents"("name") WHERE (deleted_at IS NULL);

-- CreateIndex
CREATE INDEX "capabilities_name_idx" ON "capabilities"("name");

-- CreateIndex
CREATE INDEX "capabilities_tags_idx" ON "capabilities" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "capabilities_input_types_idx" ON "capabilities" USING GIN ("input_types");

-- CreateIndex
CREATE UNIQUE INDEX "capabilities_agent_id_name_key" ON "capabilities"("agent_id", "name");

-- CreateIndex
CREATE INDEX "status_transitions_agent_id_created_at_idx" ON "status_transitions"("agent_id", "created_at");

-- CreateIndex
CREATE INDEX "health_checks_agent_id_created_at_idx" ON "health_checks"("agent_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "requests_idempotency_key_key" ON "requests"("idempotency_key");

-- CreateIndex
CREATE INDEX "requests_status_created_at_idx" ON "requests"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "requests_created_at_idx" ON "requests"("created_at" DESC);

-- CreateIndex
CREATE INDEX "requests_submitted_by_id_created_at_idx" ON "requests"("submitted_by_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tasks_request_id_status_idx" ON "tasks"("request_id", "status");

-- CreateIndex
CREATE INDEX "tasks_assigned_agent_id_status_idx" ON "tasks"("assigned_agent_id", "status");

-- CreateIndex
CREATE INDEX "tasks_status_idx" ON "tasks"("status");

-- CreateIndex
CREATE UNIQUE INDEX "tasks_request_id_ref_key" ON "tasks"("request_id", "ref");

-- CreateIndex
CREATE INDEX "task_dependencies_depends_on_id_idx" ON "task_dependencies"("depends_on_id");

-- CreateIndex
CREATE UNIQUE INDEX "task_attempts_idempotency_key_key" ON "task_attempts"("idempotency_key");

-- CreateIndex
CREATE INDEX "task_attempts_agent_id_started_at_idx" ON "task_attempts"("agent_id", "started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "task_attempts_task_id_number_key" ON "task_attempts"("task_id", "number");

-- CreateIndex
CREATE INDEX "cost_entries_created_at_idx" ON "cost_entries"("created_at");

-- CreateIndex
CREATE INDEX "cost_entries_request_id_idx" ON "cost_entries"("request_id");

-- CreateIndex
CREATE INDEX "cost_entries_agent_id_created_at_idx" ON "cost_entries"("agent_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "budgets_scope_scope_id_period_key" ON "budgets"("scope", "scope_id", "period");

-- CreateIndex
CREATE UNIQUE INDEX "budgets_global_period_key" ON "budgets"("scope", "period") WHERE (scope_id IS NULL);

-- CreateIndex
CREATE INDEX "budget_reservations_budget_id_settled_at_idx" ON "budget_reservations"("budget_id", "settled_at");

-- CreateIndex
CREATE UNIQUE INDEX "budget_reservations_budget_id_attempt_id_key" ON "budget_reservations"("budget_id", "attempt_id");

-- CreateIndex
CREATE INDEX "events_request_id_id_idx" ON "events"("request_id", "id");

-- CreateIndex
CREATE INDEX "events_type_id_idx" ON "events"("type", "id");

-- CreateIndex
CREATE INDEX "worker_heartbeats_heartbeat_at_idx" ON "worker_heartbeats"("heartbeat_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "capabilities" ADD CONSTRAINT "capabilities_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_transitions" ADD CONSTRAINT "status_transitions_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health_checks" ADD CONSTRAINT "health_checks_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "requests" ADD CONSTRAINT "requests_submitted_by_id_fkey" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assigned_agent_id_fkey" FOREIGN KEY ("assigned_agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_dependencies" ADD CONSTRAINT "task_dependencies_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_dependencies" ADD CONSTRAINT "task_dependencies_depends_on_id_fkey" FOREIGN KEY ("depends_on_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_attempts" ADD CONSTRAINT "task_attempts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_attempts" ADD CONSTRAINT "task_attempts_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cost_entries" ADD CONSTRAINT "cost_entries_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cost_entries" ADD CONSTRAINT "cost_entries_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cost_entries" ADD CONSTRAINT "cost_entries_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budget_reservations" ADD CONSTRAINT "budget_reservations_budget_id_fkey" FOREIGN KEY ("budget_id") REFERENCES "budgets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Constraints Prisma cannot express (docs/decisions/0004-database-schema.md) ──────────────────
-- The engine and the zod schemas validate first; these keep bad rows out whatever writes them.

-- Agents
ALTER TABLE "agents"
  ADD CONSTRAINT "agents_name_slug_check" CHECK ("name" ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  ADD CONSTRAINT "agents_display_name_check" CHECK (length(btrim("display_name")) BETWEEN 1 AND 200),
  ADD CONSTRAINT "agents_endpoint_check" CHECK ("kind" = 'builtin' OR "endpoint_url" IS NOT NULL),
  ADD CONSTRAINT "agents_max_concurrent_tasks_check" CHECK ("max_concurrent_tasks" BETWEEN 1 AND 10000),
  ADD CONSTRAINT "agents_weight_check" CHECK ("weight" >= 0),
  ADD CONSTRAINT "agents_prices_check" CHECK (
    "price_input_per_mtok_micros" >= 0 AND "price_output_per_mtok_micros" >= 0 AND "price_per_call_micros" >= 0),
  ADD CONSTRAINT "agents_health_interval_check" CHECK ("health_check_interval_s" BETWEEN 5 AND 86400),
  ADD CONSTRAINT "agents_counters_check" CHECK (
    "consecutive_failures" >= 0 AND "consecutive_successes" >= 0 AND "in_flight" >= 0
    AND "total_calls" >= 0 AND "failed_calls" >= 0 AND "failed_calls" <= "total_calls"),
  ADD CONSTRAINT "agents_success_rate_check" CHECK ("success_rate" IS NULL OR "success_rate" BETWEEN 0 AND 1),
  ADD CONSTRAINT "agents_latency_check" CHECK ("ewma_latency_ms" IS NULL OR "ewma_latency_ms" >= 0),
  ADD CONSTRAINT "agents_config_object_check" CHECK (jsonb_typeof("config") = 'object');

ALTER TABLE "capabilities"
  ADD CONSTRAINT "capabilities_name_check" CHECK ("name" ~ '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$');

-- Actors: `system`, `health_check`, `budget`, `user:<id>`, `token:<id>` (a2a peers submit requests only).
ALTER TABLE "status_transitions"
  ADD CONSTRAINT "status_transitions_actor_check"
    CHECK ("actor" ~ '^(system|health_check|budget|user:[0-9a-f-]{36}|token:[0-9a-f-]{36})$'),
  ADD CONSTRAINT "status_transitions_change_check" CHECK ("from" IS DISTINCT FROM "to");

ALTER TABLE "health_checks"
  ADD CONSTRAINT "health_checks_latency_check" CHECK ("latency_ms" IS NULL OR "latency_ms" >= 0);

-- Requests and tasks
ALTER TABLE "requests"
  ADD CONSTRAINT "requests_input_check" CHECK ("input" IS NOT NULL OR "workflow" IS NOT NULL),
  ADD CONSTRAINT "requests_budget_check" CHECK ("budget_limit_micros" IS NULL OR "budget_limit_micros" > 0),
  ADD CONSTRAINT "requests_totals_check" CHECK ("cost_total_micros" >= 0 AND "attempt_count" >= 0),
  ADD CONSTRAINT "requests_finished_check" CHECK (
    ("status" IN ('succeeded', 'failed', 'cancelled')) = ("finished_at" IS NOT NULL));

ALTER TABLE "tasks"
  ADD CONSTRAINT "tasks_ref_check" CHECK ("ref" ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$'),
  ADD CONSTRAINT "tasks_limits_check" CHECK (
    "max_attempts" BETWEEN 1 AND 100 AND "timeout_ms" BETWEEN 1 AND 86400000 AND "attempt_count" >= 0),
  ADD CONSTRAINT "tasks_estimated_cost_check" CHECK ("estimated_cost_micros" >= 0);

ALTER TABLE "task_dependencies"
  ADD CONSTRAINT "task_dependencies_no_self_check" CHECK ("task_id" <> "depends_on_id");

ALTER TABLE "task_attempts"
  ADD CONSTRAINT "task_attempts_number_check" CHECK ("number" >= 1),
  ADD CONSTRAINT "task_attempts_usage_check" CHECK (
    "tokens_in" >= 0 AND "tokens_out" >= 0 AND "cost_micros" >= 0 AND ("latency_ms" IS NULL OR "latency_ms" >= 0)),
  ADD CONSTRAINT "task_attempts_finished_check" CHECK (("status" = 'running') = ("finished_at" IS NULL));

-- Money
ALTER TABLE "cost_entries"
  ADD CONSTRAINT "cost_entries_amount_check" CHECK ("amount_micros" >= 0 AND "tokens_in" >= 0 AND "tokens_out" >= 0);

ALTER TABLE "budgets"
  ADD CONSTRAINT "budgets_limit_check" CHECK ("limit_micros" > 0),
  ADD CONSTRAINT "budgets_scope_id_check" CHECK (("scope" = 'global') = ("scope_id" IS NULL));

ALTER TABLE "budget_reservations"
  ADD CONSTRAINT "budget_reservations_amount_check" CHECK ("amount_micros" >= 0);

-- Access
ALTER TABLE "users"
  ADD CONSTRAINT "users_email_check" CHECK ("email" = lower("email") AND "email" ~ '^[^@\s]+@[^@\s]+$');

ALTER TABLE "api_tokens"
  ADD CONSTRAINT "api_tokens_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100);
