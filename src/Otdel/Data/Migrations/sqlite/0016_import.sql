-- Import from other systems (issue 10 item 8): deals and leads keep the id they had there, so a deal can name the lead
-- it came from and an import run twice does not bring the same record twice. Every import is recorded; the column
-- mapping a person saves is kept as a profile for the next file from the same system.
ALTER TABLE "deals" ADD COLUMN "external_id" TEXT NULL;
CREATE INDEX "IX_deals_external_id" ON "deals" ("external_id");
ALTER TABLE "leads" ADD COLUMN "external_id" TEXT NULL;
CREATE INDEX "IX_leads_external_id" ON "leads" ("external_id");

CREATE TABLE "import_runs" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_import_runs" PRIMARY KEY AUTOINCREMENT,
    "target" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "by_id" INTEGER NULL,
    "started_at" TEXT NOT NULL,
    "finished_at" TEXT NOT NULL,
    "dry_run" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "imported" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "created" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "rejected_csv" TEXT NULL,
    CONSTRAINT "FK_import_runs_users_by_id" FOREIGN KEY ("by_id") REFERENCES "users" ("id") ON DELETE SET NULL
);
CREATE INDEX "IX_import_runs_started_at" ON "import_runs" ("started_at");
CREATE INDEX "IX_import_runs_by_id" ON "import_runs" ("by_id");

CREATE TABLE "import_profiles" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_import_profiles" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_import_profiles_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "IX_import_profiles_department_id_target_name" ON "import_profiles" ("department_id", "target", "name");
