-- 0034: the overdue index holds only deals with a clock running (stage_due_at set): every query on it asks for a due time
-- before now, and most deals — closed ones, imported history, stages without a time limit — have none. A smaller index to
-- keep up on every move, and one less full index to build after a big import (issue 10).
DROP INDEX "IX_deals_status_stage_due_at";
CREATE INDEX "IX_deals_status_stage_due_at" ON "deals" ("status", "stage_due_at") WHERE "stage_due_at" IS NOT NULL;
