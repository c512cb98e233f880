-- 0024: automation (issue 11 item 6): a "date reached" trigger (which date, before/after, also closed deals) and the
-- owner an "assign" action chose, from which the rule's next round-robin turn starts.
ALTER TABLE "automation_rules" ADD COLUMN "date_field" TEXT NULL;
ALTER TABLE "automation_rules" ADD COLUMN "date_direction" TEXT NULL;
ALTER TABLE "automation_rules" ADD COLUMN "include_closed" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "automation_firings" ADD COLUMN "assigned_to_id" INTEGER NULL;
CREATE INDEX "IX_automation_firings_rule_id_id" ON "automation_firings" ("rule_id", "id");
