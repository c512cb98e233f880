-- 0017: response time (issue 11 item 4) and important dates (issue 10 item 7).
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

-- Important dates (issue 10 item 7): that a client's birthday of a year was told to its owner, once.
CREATE TABLE "date_reminders" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_date_reminders" PRIMARY KEY AUTOINCREMENT,
    "client_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "at" TEXT NOT NULL,
    CONSTRAINT "FK_date_reminders_clients_client_id" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_date_reminders_client_id_kind_year" ON "date_reminders" ("client_id", "kind", "year");
