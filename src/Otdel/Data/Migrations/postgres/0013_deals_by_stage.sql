-- A stage's deals are listed page by page in id order (GET /api/v1/deals?stageId=…&cursor=…): an index in that order
-- reads the 20 rows of a page instead of sorting every deal the stage holds (issue 13).
CREATE INDEX "IX_deals_stage_id_id" ON deals (stage_id, id);
