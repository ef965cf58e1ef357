-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "pending_deps" INTEGER NOT NULL DEFAULT 0;

-- Existing graphs: count each task's dependencies that have not succeeded or been skipped.
UPDATE "tasks" t SET "pending_deps" = sub.n
FROM (
  SELECT td.task_id, count(*)::int AS n
  FROM "task_dependencies" td JOIN "tasks" d ON d.id = td.depends_on_id
  WHERE d.status NOT IN ('succeeded', 'skipped')
  GROUP BY td.task_id
) sub
WHERE t.id = sub.task_id;

ALTER TABLE "tasks" ADD CONSTRAINT "tasks_pending_deps_check" CHECK ("pending_deps" >= 0);
