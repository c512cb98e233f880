-- 0026: important dates (issue 10 item 7): a client's own dates besides birthdays (a contract's anniversary, yearly or
-- once), and how many days ahead each department hears of them (birthdays too); no row: the installation's default.
CREATE TABLE "client_dates" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_client_dates" PRIMARY KEY AUTOINCREMENT,
    "client_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "yearly" INTEGER NOT NULL,
    "note" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_client_dates_clients_client_id" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_client_dates_client_id" ON "client_dates" ("client_id");

CREATE TABLE "date_reminder_days" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_date_reminder_days" PRIMARY KEY AUTOINCREMENT,
    "department_id" INTEGER NOT NULL,
    "days" INTEGER NOT NULL,
    "updated_by_id" INTEGER NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_date_reminder_days_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_date_reminder_days_users_updated_by_id" FOREIGN KEY ("updated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_date_reminder_days_department_id" ON "date_reminder_days" ("department_id");
CREATE INDEX "IX_date_reminder_days_updated_by_id" ON "date_reminder_days" ("updated_by_id");
