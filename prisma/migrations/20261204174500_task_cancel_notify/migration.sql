-- A running task's worker learns it was cancelled from a NOTIFY on `baton_cancel` (payload: the
-- task id), sent when the change commits, whichever code path cancelled it (an operator, a request
-- cancel, a deadline, loop protection). The worker's slow poll remains as the fallback.
CREATE FUNCTION baton_notify_task_cancelled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('baton_cancel', NEW.id::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER tasks_notify_cancelled
AFTER UPDATE OF status ON tasks
FOR EACH ROW
WHEN (NEW.status = 'cancelled' AND OLD.status = 'running')
EXECUTE FUNCTION baton_notify_task_cancelled();
