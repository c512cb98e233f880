-- 0028: monthly snapshots of the client base's quality (issue 10 item 6): per department, owner and month the counts and
-- the score as computed at the month's end (or at the first computation after it), so a past month keeps its own figures.
CREATE TABLE "client_quality_snapshots" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_client_quality_snapshots" PRIMARY KEY AUTOINCREMENT,
    "month" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "owner_id" INTEGER NULL,
    "key" TEXT NOT NULL,
    "stale_days" INTEGER NOT NULL,
    "as_of" TEXT NOT NULL,
    "taken_at" TEXT NOT NULL,
    "clients" INTEGER NOT NULL,
    "with_phone" INTEGER NOT NULL,
    "with_email" INTEGER NOT NULL,
    "companies" INTEGER NOT NULL,
    "with_decision_maker" INTEGER NOT NULL,
    "with_industry" INTEGER NOT NULL,
    "stale" INTEGER NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "score" INTEGER NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_client_quality_snapshots_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_client_quality_snapshots_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_client_quality_snapshots_department_id" ON "client_quality_snapshots" ("department_id");
CREATE UNIQUE INDEX "IX_client_quality_snapshots_month_key" ON "client_quality_snapshots" ("month", "key");
CREATE INDEX "IX_client_quality_snapshots_owner_id" ON "client_quality_snapshots" ("owner_id");
