-- 0022: recurring tasks (issue 11 item 1): how a task repeats (JSON, read with the task); completing an occurrence sets the next.
ALTER TABLE "tasks" ADD COLUMN "repeat" TEXT NULL;
