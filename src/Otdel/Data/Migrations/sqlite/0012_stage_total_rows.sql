-- Board totals become appended rows (issue 13, decision 0008): every save adds its changes as new rows instead of
-- upserting one row per stage, owner and status, whose lock made concurrent saves of one owner in one stage queue
-- until each commit; a background fold sums each key's rows back into one. SQLite cannot change a primary key in
-- place, so the table is rebuilt.
CREATE TABLE "stage_totals_new" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_stage_totals" PRIMARY KEY AUTOINCREMENT,
    "stage_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "pipeline_id" INTEGER NOT NULL,
    "deals" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    CONSTRAINT "FK_stage_totals_stages_stage_id" FOREIGN KEY ("stage_id") REFERENCES "stages" ("id") ON DELETE CASCADE
);

INSERT INTO "stage_totals_new" ("stage_id", "owner_id", "status", "pipeline_id", "deals", "amount")
SELECT "stage_id", "owner_id", "status", "pipeline_id", "deals", "amount" FROM "stage_totals";

DROP TABLE "stage_totals";
ALTER TABLE "stage_totals_new" RENAME TO "stage_totals";

CREATE INDEX "IX_stage_totals_pipeline_id_status_stage_id" ON "stage_totals" ("pipeline_id", "status", "stage_id");
CREATE INDEX "IX_stage_totals_stage_id_owner_id_status" ON "stage_totals" ("stage_id", "owner_id", "status");
