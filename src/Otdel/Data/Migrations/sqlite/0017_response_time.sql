-- Response time (issue 11 item 4): each department's target for a lead's first contact, in working minutes; how far the
-- response watcher has alerted about a lead (0 none, 1 its owner, 2 the owner's boss) and when; leads read by arrival.
CREATE TABLE "response_targets" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_response_targets" PRIMARY KEY AUTOINCREMENT,
    "department_id" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "updated_by_id" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_response_targets_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_response_targets_users_updated_by_id" FOREIGN KEY ("updated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_response_targets_department_id" ON "response_targets" ("department_id");
CREATE INDEX "IX_response_targets_updated_by_id" ON "response_targets" ("updated_by_id");

ALTER TABLE "leads" ADD COLUMN "response_alert_level" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "leads" ADD COLUMN "response_alerted_at" TEXT NULL;
CREATE INDEX "IX_leads_arrived_at" ON "leads" ("arrived_at");
