-- Lead scoring as data (issue 10 item 4): each department's rules and MQL/SQL thresholds (the row without a department
-- is the company's), the lead's job title and company size they score by; and segments (item 5): saved filters over
-- the client base.

ALTER TABLE "leads" ADD COLUMN "position" TEXT NULL;
ALTER TABLE "leads" ADD COLUMN "company_size" TEXT NULL;

CREATE TABLE "lead_scoring" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_lead_scoring" PRIMARY KEY AUTOINCREMENT,
    "department_id" INTEGER NULL,
    "mql_threshold" INTEGER NOT NULL,
    "sql_threshold" INTEGER NOT NULL,
    "rules" TEXT NOT NULL,
    "updated_by_id" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_lead_scoring_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_lead_scoring_users_updated_by_id" FOREIGN KEY ("updated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_lead_scoring_department_id" ON "lead_scoring" ("department_id");
CREATE INDEX "IX_lead_scoring_updated_by_id" ON "lead_scoring" ("updated_by_id");

CREATE TABLE "segments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_segments" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "author_id" INTEGER NOT NULL,
    "conditions" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_segments_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_segments_users_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_segments_author_id" ON "segments" ("author_id");
CREATE INDEX "IX_segments_department_id" ON "segments" ("department_id");
