-- 0021: key accounts (issue 10 item 6): a client marked as a key account and the person who manages it (the KAM), who
-- sees the client whoever owns it.
ALTER TABLE clients ADD COLUMN is_key_account boolean NOT NULL DEFAULT false;
ALTER TABLE clients ADD COLUMN kam_id bigint;
ALTER TABLE clients ALTER COLUMN is_key_account DROP DEFAULT;
ALTER TABLE clients ADD CONSTRAINT "FK_clients_users_kam_id" FOREIGN KEY (kam_id) REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX "IX_clients_kam_id" ON clients (kam_id);
