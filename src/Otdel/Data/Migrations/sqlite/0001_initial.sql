-- 0001_initial (sqlite): generated from the EF model by scripts/regenerate-initial-migration.sh
CREATE TABLE "audit" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_audit" PRIMARY KEY AUTOINCREMENT,
    "entity" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "field" TEXT NULL,
    "old_value" TEXT NULL,
    "new_value" TEXT NULL,
    "user_id" INTEGER NULL,
    "user_name" TEXT NULL,
    "channel" TEXT NOT NULL,
    "at" TEXT NOT NULL
);


CREATE TABLE "api_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "revoked_at" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_api_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "approvals" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_approvals" PRIMARY KEY AUTOINCREMENT,
    "deal_id" INTEGER NOT NULL,
    "position" TEXT NOT NULL,
    "by_id" INTEGER NOT NULL,
    "comment" TEXT NULL,
    "at" TEXT NOT NULL,
    CONSTRAINT "FK_approvals_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_approvals_users_by_id" FOREIGN KEY ("by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "attachments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_attachments" PRIMARY KEY AUTOINCREMENT,
    "deal_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploaded_by_id" INTEGER NOT NULL,
    "at" TEXT NOT NULL,
    CONSTRAINT "FK_attachments_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_attachments_users_uploaded_by_id" FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "clients" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_clients" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "is_company" INTEGER NOT NULL,
    "inn" TEXT NULL,
    "phone" TEXT NULL,
    "phone_key" TEXT NULL,
    "email" TEXT NULL,
    "owner_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_clients_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE SET NULL
);


CREATE TABLE "deals" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_deals" PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "search_key" TEXT NOT NULL,
    "client_id" INTEGER NULL,
    "client_name" TEXT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "pipeline_id" INTEGER NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "expected_close_date" TEXT NULL,
    "source" TEXT NULL,
    "segment" TEXT NULL,
    "products" TEXT NULL,
    "lead_score" INTEGER NULL,
    "fields" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "stage_entered_at" TEXT NOT NULL,
    "stage_due_at" TEXT NULL,
    "overdue_notified_at" TEXT NULL,
    "closed_at" TEXT NULL,
    "loss_reason_id" INTEGER NULL,
    "loss_comment" TEXT NULL,
    "lost_at_stage_id" INTEGER NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_deals_clients_client_id" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_deals_loss_reasons_loss_reason_id" FOREIGN KEY ("loss_reason_id") REFERENCES "loss_reasons" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_deals_pipelines_pipeline_id" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_deals_stages_stage_id" FOREIGN KEY ("stage_id") REFERENCES "stages" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_deals_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "departments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_departments" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "head_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_departments_users_head_id" FOREIGN KEY ("head_id") REFERENCES "users" ("id") ON DELETE SET NULL
);


CREATE TABLE "pipelines" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_pipelines" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "handoff_rule" TEXT NOT NULL,
    "template" TEXT NULL,
    "is_archived" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_pipelines_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT
);


CREATE TABLE "loss_reasons" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_loss_reasons" PRIMARY KEY AUTOINCREMENT,
    "pipeline_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "is_other" INTEGER NOT NULL,
    "order" INTEGER NOT NULL,
    "is_archived" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_loss_reasons_pipelines_pipeline_id" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines" ("id") ON DELETE CASCADE
);


CREATE TABLE "pipeline_fields" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_pipeline_fields" PRIMARY KEY AUTOINCREMENT,
    "pipeline_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "options" TEXT NULL,
    "order" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_pipeline_fields_pipelines_pipeline_id" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines" ("id") ON DELETE CASCADE
);


CREATE TABLE "deputies" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_deputies" PRIMARY KEY AUTOINCREMENT,
    "principal_id" INTEGER NOT NULL,
    "deputy_id" INTEGER NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "reason" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_deputies_users_deputy_id" FOREIGN KEY ("deputy_id") REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_deputies_users_principal_id" FOREIGN KEY ("principal_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "handoffs" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_handoffs" PRIMARY KEY AUTOINCREMENT,
    "deal_id" INTEGER NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "from_user_id" INTEGER NOT NULL,
    "to_user_id" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "at" TEXT NOT NULL,
    "by_id" INTEGER NULL,
    CONSTRAINT "FK_handoffs_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_handoffs_users_from_user_id" FOREIGN KEY ("from_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_handoffs_users_to_user_id" FOREIGN KEY ("to_user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "notifications" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "link" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "read_at" TEXT NULL,
    CONSTRAINT "FK_notifications_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);


CREATE TABLE "stage_totals" (
    "stage_id" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "pipeline_id" INTEGER NOT NULL,
    "deals" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    CONSTRAINT "PK_stage_totals" PRIMARY KEY ("stage_id", "owner_id", "status"),
    CONSTRAINT "FK_stage_totals_stages_stage_id" FOREIGN KEY ("stage_id") REFERENCES "stages" ("id") ON DELETE CASCADE
);


CREATE TABLE "stage_visits" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_stage_visits" PRIMARY KEY AUTOINCREMENT,
    "deal_id" INTEGER NOT NULL,
    "pipeline_id" INTEGER NOT NULL,
    "stage_id" INTEGER NOT NULL,
    "executor_id" INTEGER NOT NULL,
    "entered_at" TEXT NOT NULL,
    "exited_at" TEXT NULL,
    "hours" REAL NULL,
    "outcome" TEXT NULL,
    "is_first_entry" INTEGER NOT NULL,
    "advanced" INTEGER NOT NULL,
    "override_reason" TEXT NULL,
    "moved_by_id" INTEGER NULL,
    CONSTRAINT "FK_stage_visits_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_stage_visits_stages_stage_id" FOREIGN KEY ("stage_id") REFERENCES "stages" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_stage_visits_users_executor_id" FOREIGN KEY ("executor_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE TABLE "stages" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_stages" PRIMARY KEY AUTOINCREMENT,
    "pipeline_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "group" TEXT NULL,
    "order" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "probability" INTEGER NOT NULL,
    "time_limit_hours" INTEGER NULL,
    "norm_conversion" INTEGER NULL,
    "responsible_position" TEXT NULL,
    "handoff_rule" TEXT NULL,
    "handoff_user_id" INTEGER NULL,
    "entry_conditions" TEXT NOT NULL,
    "exit_conditions" TEXT NOT NULL,
    "entry_criteria" TEXT NULL,
    "exit_criteria" TEXT NULL,
    "tasks" TEXT NULL,
    "actions" TEXT NULL,
    "key_success_factor" TEXT NULL,
    "crm_requirements" TEXT NULL,
    "last_assignee_id" INTEGER NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_stages_pipelines_pipeline_id" FOREIGN KEY ("pipeline_id") REFERENCES "pipelines" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_stages_users_handoff_user_id" FOREIGN KEY ("handoff_user_id") REFERENCES "users" ("id") ON DELETE SET NULL
);


CREATE TABLE "teams" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_teams" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "lead_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_teams_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_teams_users_lead_id" FOREIGN KEY ("lead_id") REFERENCES "users" ("id") ON DELETE SET NULL
);


CREATE TABLE "users" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_users" PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "email_key" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "team_id" INTEGER NULL,
    "manager_id" INTEGER NULL,
    "password_hash" TEXT NULL,
    "is_active" INTEGER NOT NULL,
    "language" TEXT NULL,
    "segment" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_users_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_users_teams_team_id" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_users_users_manager_id" FOREIGN KEY ("manager_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);


CREATE UNIQUE INDEX "IX_api_tokens_hash" ON "api_tokens" ("hash");


CREATE INDEX "IX_api_tokens_user_id" ON "api_tokens" ("user_id");


CREATE INDEX "IX_approvals_by_id" ON "approvals" ("by_id");


CREATE INDEX "IX_approvals_deal_id_position" ON "approvals" ("deal_id", "position");


CREATE INDEX "IX_attachments_deal_id_kind" ON "attachments" ("deal_id", "kind");


CREATE INDEX "IX_attachments_uploaded_by_id" ON "attachments" ("uploaded_by_id");


CREATE INDEX "IX_audit_entity_entity_id_id" ON "audit" ("entity", "entity_id", "id");


CREATE INDEX "IX_clients_inn" ON "clients" ("inn");


CREATE INDEX "IX_clients_name_key" ON "clients" ("name_key");


CREATE INDEX "IX_clients_owner_id" ON "clients" ("owner_id");


CREATE INDEX "IX_clients_phone_key" ON "clients" ("phone_key");


CREATE INDEX "IX_deals_client_id" ON "deals" ("client_id");


CREATE INDEX "IX_deals_loss_reason_id" ON "deals" ("loss_reason_id");


CREATE INDEX "IX_deals_owner_id_status" ON "deals" ("owner_id", "status");


CREATE INDEX "IX_deals_pipeline_id_owner_id" ON "deals" ("pipeline_id", "owner_id");


CREATE INDEX "IX_deals_pipeline_id_status_closed_at" ON "deals" ("pipeline_id", "status", "closed_at");


CREATE INDEX "IX_deals_pipeline_id_status_stage_id_amount" ON "deals" ("pipeline_id", "status", "stage_id", "amount");


CREATE INDEX "IX_deals_stage_id_status_stage_entered_at_id" ON "deals" ("stage_id", "status", "stage_entered_at", "id");


CREATE INDEX "IX_deals_status_stage_due_at" ON "deals" ("status", "stage_due_at");


CREATE INDEX "IX_departments_head_id" ON "departments" ("head_id");


CREATE UNIQUE INDEX "IX_departments_name" ON "departments" ("name");


CREATE INDEX "IX_deputies_deputy_id_from" ON "deputies" ("deputy_id", "from");


CREATE INDEX "IX_deputies_principal_id_from" ON "deputies" ("principal_id", "from");


CREATE INDEX "IX_handoffs_deal_id_id" ON "handoffs" ("deal_id", "id");


CREATE INDEX "IX_handoffs_from_user_id" ON "handoffs" ("from_user_id");


CREATE INDEX "IX_handoffs_to_user_id" ON "handoffs" ("to_user_id");


CREATE INDEX "IX_loss_reasons_pipeline_id_order" ON "loss_reasons" ("pipeline_id", "order");


CREATE INDEX "IX_notifications_user_id_read_at_id" ON "notifications" ("user_id", "read_at", "id");


CREATE UNIQUE INDEX "IX_pipeline_fields_pipeline_id_key" ON "pipeline_fields" ("pipeline_id", "key");


CREATE INDEX "IX_pipelines_department_id" ON "pipelines" ("department_id");


CREATE INDEX "IX_stage_totals_pipeline_id_status_stage_id" ON "stage_totals" ("pipeline_id", "status", "stage_id");


CREATE INDEX "IX_stage_visits_deal_id_id" ON "stage_visits" ("deal_id", "id");


CREATE INDEX "IX_stage_visits_executor_id" ON "stage_visits" ("executor_id");


CREATE INDEX "IX_stage_visits_pipeline_id_is_first_entry_stage_id_entered_at_advanced" ON "stage_visits" ("pipeline_id", "is_first_entry", "stage_id", "entered_at", "advanced");


CREATE INDEX "IX_stage_visits_pipeline_id_stage_id_exited_at" ON "stage_visits" ("pipeline_id", "stage_id", "exited_at");


CREATE INDEX "IX_stage_visits_stage_id" ON "stage_visits" ("stage_id");


CREATE INDEX "IX_stages_handoff_user_id" ON "stages" ("handoff_user_id");


CREATE INDEX "IX_stages_pipeline_id_order" ON "stages" ("pipeline_id", "order");


CREATE UNIQUE INDEX "IX_teams_department_id_name" ON "teams" ("department_id", "name");


CREATE INDEX "IX_teams_lead_id" ON "teams" ("lead_id");


CREATE INDEX "IX_users_department_id_position" ON "users" ("department_id", "position");


CREATE UNIQUE INDEX "IX_users_email_key" ON "users" ("email_key");


CREATE INDEX "IX_users_manager_id" ON "users" ("manager_id");


CREATE INDEX "IX_users_team_id" ON "users" ("team_id");



