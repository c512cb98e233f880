-- The round-robin cursor is read from the stage's latest handoff instead of being written to the stage apart from the
-- move, which cost every handed-over deal a commit of its own (issue 13).
CREATE INDEX "IX_handoffs_stage_id_id" ON handoffs (stage_id, id);

ALTER TABLE stages DROP COLUMN last_assignee_id;
