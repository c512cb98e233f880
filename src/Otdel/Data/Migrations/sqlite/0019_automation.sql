-- Automation rules (issue 11 item 6): the rules, the outbox of deal stage events (written in the same transaction as
-- the change), the log of firings (unique per rule and occasion: each fires once across instances) and the queue of
-- webhook calls. Quartz keeps its own qrtz_* tables, created by Quartz itself (decision 0009), outside this script.
CREATE TABLE "automation_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_automation_events" PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "deal_id" INTEGER NOT NULL,
    "pipeline_id" INTEGER NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "at" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "done_at" TEXT NULL
);

CREATE TABLE "automation_firings" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_automation_firings" PRIMARY KEY AUTOINCREMENT,
    "rule_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "deal_id" INTEGER NULL,
    "lead_id" INTEGER NULL,
    "task_id" INTEGER NULL,
    "at" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "result" TEXT NULL,
    "depth" INTEGER NOT NULL,
    CONSTRAINT "FK_automation_firings_automation_rules_rule_id" FOREIGN KEY ("rule_id") REFERENCES "automation_rules" ("id") ON DELETE CASCADE
);

CREATE TABLE "automation_webhooks" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_automation_webhooks" PRIMARY KEY AUTOINCREMENT,
    "firing_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "sent_at" TEXT NULL,
    "failed_at" TEXT NULL,
    "last_error" TEXT NULL,
    CONSTRAINT "FK_automation_webhooks_automation_firings_firing_id" FOREIGN KEY ("firing_id") REFERENCES "automation_firings" ("id") ON DELETE CASCADE
);

CREATE TABLE "automation_rules" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_automation_rules" PRIMARY KEY AUTOINCREMENT,
    "department_id" INTEGER NULL,
    "pipeline_id" INTEGER NULL,
    "name" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "stage_id" INTEGER NULL,
    "hours" INTEGER NULL,
    "days" INTEGER NULL,
    "channel_id" INTEGER NULL,
    "conditions" TEXT NOT NULL,
    "actions" TEXT NOT NULL,
    "is_enabled" INTEGER NOT NULL,
    "disabled_reason" TEXT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "enabled_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_automation_rules_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_automation_rules_pipelines_pipeline_id" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_automation_rules_users_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_automation_events_done_at_id" ON "automation_events" ("done_at", "id");

CREATE INDEX "IX_automation_firings_at" ON "automation_firings" ("at");

CREATE INDEX "IX_automation_firings_deal_id_at" ON "automation_firings" ("deal_id", "at");

CREATE UNIQUE INDEX "IX_automation_firings_rule_id_key" ON "automation_firings" ("rule_id", "key");

CREATE INDEX "IX_automation_rules_created_by_id" ON "automation_rules" ("created_by_id");

CREATE INDEX "IX_automation_rules_department_id_is_enabled" ON "automation_rules" ("department_id", "is_enabled");

CREATE INDEX "IX_automation_rules_pipeline_id" ON "automation_rules" ("pipeline_id");

CREATE INDEX "IX_automation_webhooks_firing_id" ON "automation_webhooks" ("firing_id");

CREATE INDEX "IX_automation_webhooks_sent_at_failed_at_next_attempt_at" ON "automation_webhooks" ("sent_at", "failed_at", "next_attempt_at");
