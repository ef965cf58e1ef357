-- A killed worker's sessions end at once (the kernel closes its sockets), its heartbeat only goes
-- stale after 10 s (issue 12). Each worker names the queue's connections (`application_name`) and
-- records the name with its heartbeat, so the sweeper can tell a dead process from a slow one:
-- late heartbeat and no session left of that name.
ALTER TABLE "worker_heartbeats" ADD COLUMN "session_name" TEXT;
