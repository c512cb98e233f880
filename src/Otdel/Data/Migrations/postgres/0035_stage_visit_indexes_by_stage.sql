-- 0035: the stage visits' report indexes lead with the stage (a stage belongs to one pipeline, so the pipeline column in
-- front added nothing but comparisons). The funnel's holds only first entries; time in stage reads a period's exits one
-- stage at a time from (stage, exited), which also serves the stage's foreign key, so the index on the stage alone goes.
-- Three visit indexes become two, and narrower: after an import of a million deals (3,000,000 visits) they are built
-- again from the rows, and those builds were the longest part of it (issue 10).
DROP INDEX "IX_stage_visits_pipeline_id_is_first_entry_stage_id_entered_at~";
DROP INDEX "IX_stage_visits_pipeline_id_stage_id_exited_at";
DROP INDEX "IX_stage_visits_stage_id";
CREATE INDEX "IX_stage_visits_stage_id_entered_at_advanced" ON stage_visits (stage_id, entered_at, advanced) WHERE is_first_entry;
CREATE INDEX "IX_stage_visits_stage_id_exited_at" ON stage_visits (stage_id, exited_at);
