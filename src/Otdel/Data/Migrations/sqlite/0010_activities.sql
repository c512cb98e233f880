-- Activities (issue 11 items 2 and 8): what happened with a client — calls, meetings, e-mails, messages, proposals sent,
-- notes — about a deal, a client or a lead, by its author at a moment; the timelines and the activity report read them.

CREATE TABLE "activities" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_activities" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "direction" TEXT NULL,
    "at" TEXT NOT NULL,
    "duration_seconds" INTEGER NULL,
    "result" TEXT NULL,
    "format" TEXT NULL,
    "participants" TEXT NULL,
    "recording_url" TEXT NULL,
    "text" TEXT NULL,
    "author_id" INTEGER NOT NULL,
    "deal_id" INTEGER NULL,
    "client_id" INTEGER NULL,
    "lead_id" INTEGER NULL,
    "task_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_activities_clients_client_id" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_activities_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_activities_leads_lead_id" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_activities_tasks_task_id" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_activities_users_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_activities_author_id_at" ON "activities" ("author_id", "at");
CREATE INDEX "IX_activities_client_id_at" ON "activities" ("client_id", "at");
CREATE INDEX "IX_activities_deal_id_at" ON "activities" ("deal_id", "at");
CREATE INDEX "IX_activities_lead_id_at" ON "activities" ("lead_id", "at");
CREATE INDEX "IX_activities_task_id" ON "activities" ("task_id");

-- Tasks (issue 11 item 1) about a lead, and a task's checklist (JSON, read with the task).
ALTER TABLE "tasks" ADD COLUMN "lead_id" INTEGER NULL CONSTRAINT "FK_tasks_leads_lead_id" REFERENCES "leads" ("id") ON DELETE SET NULL;
ALTER TABLE "tasks" ADD COLUMN "checklist" TEXT NULL;
CREATE INDEX "IX_tasks_lead_id" ON "tasks" ("lead_id");
