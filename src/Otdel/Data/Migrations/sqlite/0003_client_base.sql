-- The client base: companies with their legal details and contact people (clients with a company_id), one of them
-- the decision maker; further phones and e-mails with their search keys; match_key finds look-alike names.
ALTER TABLE "clients" ADD COLUMN "match_key" TEXT NOT NULL DEFAULT '';
ALTER TABLE "clients" ADD COLUMN "company_id" INTEGER NULL CONSTRAINT "FK_clients_clients_company_id" REFERENCES "clients" ("id") ON DELETE SET NULL;
ALTER TABLE "clients" ADD COLUMN "kpp" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "industry" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "size" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "region" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "website" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "position" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "is_decision_maker" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "clients" ADD COLUMN "birthday" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "messengers" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "other_phones" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "other_phone_keys" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "other_emails" TEXT NULL;
ALTER TABLE "clients" ADD COLUMN "other_email_keys" TEXT NULL;
-- Existing names get their lower-cased name as the match key (SQL cannot fold Cyrillic or drop legal forms); the
-- app writes the full key whenever a name is saved, and matching also compares lower-cased names.
UPDATE "clients" SET "match_key" = "name_key";
CREATE INDEX "IX_clients_company_id" ON "clients" ("company_id");
CREATE INDEX "IX_clients_match_key" ON "clients" ("match_key");
