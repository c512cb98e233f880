-- E-mail goes out through a queue (issue 11 item 7): queued with the change that caused it, sent and retried in the
-- background. Password recovery links keep only their token's hash, good once for an hour.
CREATE TABLE "outbox_emails" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_outbox_emails" PRIMARY KEY AUTOINCREMENT,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "next_attempt_at" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "sent_at" TEXT NULL,
    "failed_at" TEXT NULL,
    "last_error" TEXT NULL
);

CREATE INDEX "IX_outbox_emails_sent_at_failed_at_next_attempt_at" ON "outbox_emails" ("sent_at", "failed_at", "next_attempt_at");

CREATE TABLE "password_resets" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_password_resets" PRIMARY KEY AUTOINCREMENT,
    "user_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "used_at" TEXT NULL,
    CONSTRAINT "FK_password_resets_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_password_resets_token_hash" ON "password_resets" ("token_hash");
CREATE INDEX "IX_password_resets_user_id_created_at" ON "password_resets" ("user_id", "created_at");
