-- 0020: which notifications a person receives in the app and which also by e-mail (issue 11 item 7); no row = the default.
CREATE TABLE "notification_preferences" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_notification_preferences" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "in_app" INTEGER NOT NULL,
    "by_email" INTEGER NOT NULL,
    CONSTRAINT "FK_notification_preferences_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_notification_preferences_user_id_kind" ON "notification_preferences" ("user_id", "kind");
