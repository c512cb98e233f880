-- Plans (issue 12): targets per period, level and metric with their sellers' and months' weights; production calendar
-- days as people marked them over the shipped data; each department's calendar and time zone.

CREATE TABLE "calendar_days" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_calendar_days" PRIMARY KEY AUTOINCREMENT,
    "calendar" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NULL,
    "changed_by_id" INTEGER NULL,
    "changed_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_calendar_days_users_changed_by_id" FOREIGN KEY ("changed_by_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE TABLE "department_calendars" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_department_calendars" PRIMARY KEY AUTOINCREMENT,
    "department_id" INTEGER NOT NULL,
    "calendar" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_department_calendars_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE
);

CREATE TABLE "plans" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_plans" PRIMARY KEY AUTOINCREMENT,
    "period" TEXT NOT NULL,
    "starts_on" TEXT NOT NULL,
    "ends_on" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "target_id" INTEGER NULL,
    "department_id" INTEGER NULL,
    "metric" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "distribution" TEXT NOT NULL,
    "seller_weights" TEXT NOT NULL,
    "month_weights" TEXT NOT NULL,
    "reason" TEXT NULL,
    "created_by_id" INTEGER NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_plans_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_plans_users_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE UNIQUE INDEX "IX_calendar_days_calendar_day" ON "calendar_days" ("calendar", "day");

CREATE INDEX "IX_calendar_days_changed_by_id" ON "calendar_days" ("changed_by_id");

CREATE UNIQUE INDEX "IX_department_calendars_department_id" ON "department_calendars" ("department_id");

CREATE INDEX "IX_plans_created_by_id" ON "plans" ("created_by_id");

CREATE INDEX "IX_plans_department_id_starts_on" ON "plans" ("department_id", "starts_on");

CREATE INDEX "IX_plans_level_target_id_metric_starts_on" ON "plans" ("level", "target_id", "metric", "starts_on");
