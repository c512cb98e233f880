-- 0032: what an import creates carries its run, so the run can be undone as a whole (issue 10). No index and no foreign
-- key on the new columns: every index on deals costs the big import about a second per million rows, and undo is rare
-- (a scan is acceptable). A lead the import converted keeps its state from before, to be restored by the undo.
ALTER TABLE "deals" ADD COLUMN "import_run_id" INTEGER NULL;
ALTER TABLE "clients" ADD COLUMN "import_run_id" INTEGER NULL;
ALTER TABLE "leads" ADD COLUMN "import_run_id" INTEGER NULL;
ALTER TABLE "users" ADD COLUMN "import_run_id" INTEGER NULL;
ALTER TABLE "import_runs" ADD COLUMN "undone_at" TEXT NULL;
ALTER TABLE "import_runs" ADD COLUMN "undone_by_id" INTEGER NULL;

CREATE TABLE "import_lead_states" (
    "run_id" INTEGER NOT NULL,
    "lead_id" INTEGER NOT NULL,
    "deal_id" INTEGER NULL,
    "client_id" INTEGER NULL,
    "status" TEXT NOT NULL,
    "converted_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    "times" INTEGER NOT NULL,
    CONSTRAINT "PK_import_lead_states" PRIMARY KEY ("run_id", "lead_id")
);
