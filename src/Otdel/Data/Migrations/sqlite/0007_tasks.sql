-- Tasks (issue 11 item 1): what a person is to do by a moment, set by themselves or their boss, optionally about a
-- deal and a client; open until completed with a result.

CREATE TABLE "tasks" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_tasks" PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "due_at" TEXT NOT NULL,
    "priority" TEXT NOT NULL,
    "assignee_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "deal_id" INTEGER NULL,
    "client_id" INTEGER NULL,
    "done_at" TEXT NULL,
    "result" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_tasks_clients_client_id" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_tasks_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_tasks_users_assignee_id" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_tasks_users_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_tasks_assignee_id_done_at_due_at" ON "tasks" ("assignee_id", "done_at", "due_at");
CREATE INDEX "IX_tasks_author_id" ON "tasks" ("author_id");
CREATE INDEX "IX_tasks_client_id" ON "tasks" ("client_id");
CREATE INDEX "IX_tasks_deal_id_done_at_due_at" ON "tasks" ("deal_id", "done_at", "due_at");
