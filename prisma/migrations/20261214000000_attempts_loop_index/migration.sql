-- The loop detector counts a request's identical calls per agent on every claim (issue 11). It
-- used to walk every attempt the agent ever made (task_attempts_agent_id_started_at_idx) and join
-- tasks for the request: a claim grew slower with the agent's whole history, and a fan-out of n
-- tasks to one agent cost O(n²). The attempt now carries its request (written by the claim with
-- input_hash), and this index answers the count from the matching entries only.
ALTER TABLE "task_attempts" ADD COLUMN "request_id" UUID;

UPDATE "task_attempts" a SET "request_id" = t."request_id"
FROM "tasks" t
WHERE t."id" = a."task_id" AND a."input_hash" IS NOT NULL;

CREATE INDEX "task_attempts_loop_idx" ON "task_attempts"("request_id", "input_hash", "agent_id") WHERE ("input_hash" IS NOT NULL);
