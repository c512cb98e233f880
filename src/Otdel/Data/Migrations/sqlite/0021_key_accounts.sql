-- 0021: key accounts (issue 10 item 6): a client marked as a key account and the person who manages it (the KAM), who
-- sees the client whoever owns it.
ALTER TABLE "clients" ADD COLUMN "is_key_account" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "clients" ADD COLUMN "kam_id" INTEGER NULL CONSTRAINT "FK_clients_users_kam_id" REFERENCES "users" ("id") ON DELETE SET NULL;
CREATE INDEX "IX_clients_kam_id" ON "clients" ("kam_id");
