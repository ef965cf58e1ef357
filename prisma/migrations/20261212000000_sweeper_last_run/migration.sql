-- The sweeper's last successful run per worker and its interval, for /api/v1/health (issue 12).
ALTER TABLE "worker_heartbeats" ADD COLUMN "swept_at" TIMESTAMPTZ(3),
ADD COLUMN "sweep_ms" INTEGER;
