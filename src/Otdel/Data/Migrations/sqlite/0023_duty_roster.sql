-- 0023: the weekly duty roster (issue 11 item 5): who takes inbound calls and leads and who calls out, by weekday and hours
-- of the department's wall clock; a web-form lead goes to whoever is on inbound duty when it arrives.
CREATE TABLE "duty_shifts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_duty_shifts" PRIMARY KEY AUTOINCREMENT,
    "department_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "start_minute" INTEGER NOT NULL,
    "end_minute" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_duty_shifts_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_duty_shifts_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_duty_shifts_department_id_weekday" ON "duty_shifts" ("department_id", "weekday");
CREATE INDEX "IX_duty_shifts_user_id" ON "duty_shifts" ("user_id");
