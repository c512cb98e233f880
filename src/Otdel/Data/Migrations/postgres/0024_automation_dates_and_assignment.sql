-- 0024: automation (issue 11 item 6): a "date reached" trigger (which date, before/after, also closed deals) and the
-- owner an "assign" action chose, from which the rule's next round-robin turn starts.
ALTER TABLE automation_rules ADD date_field character varying(60);
ALTER TABLE automation_rules ADD date_direction character varying(10);
ALTER TABLE automation_rules ADD include_closed boolean NOT NULL DEFAULT false;
ALTER TABLE automation_rules ALTER COLUMN include_closed DROP DEFAULT;
ALTER TABLE automation_firings ADD assigned_to_id bigint;
CREATE INDEX "IX_automation_firings_rule_id_id" ON automation_firings (rule_id, id);
