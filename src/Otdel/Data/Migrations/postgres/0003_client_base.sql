-- The client base: companies with their legal details and contact people (clients with a company_id), one of them
-- the decision maker; further phones and e-mails with their search keys; match_key finds look-alike names.
ALTER TABLE clients ADD COLUMN match_key character varying(300) NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN company_id bigint;
ALTER TABLE clients ADD COLUMN kpp character varying(9);
ALTER TABLE clients ADD COLUMN industry character varying(100);
ALTER TABLE clients ADD COLUMN size character varying(10);
ALTER TABLE clients ADD COLUMN region character varying(100);
ALTER TABLE clients ADD COLUMN website character varying(200);
ALTER TABLE clients ADD COLUMN position character varying(100);
ALTER TABLE clients ADD COLUMN is_decision_maker boolean NOT NULL DEFAULT false;
ALTER TABLE clients ADD COLUMN birthday date;
ALTER TABLE clients ADD COLUMN messengers character varying(300);
ALTER TABLE clients ADD COLUMN other_phones character varying(300);
ALTER TABLE clients ADD COLUMN other_phone_keys character varying(300);
ALTER TABLE clients ADD COLUMN other_emails character varying(1000);
ALTER TABLE clients ADD COLUMN other_email_keys character varying(1000);
ALTER TABLE clients ALTER COLUMN match_key DROP DEFAULT;
ALTER TABLE clients ALTER COLUMN is_decision_maker DROP DEFAULT;
ALTER TABLE clients ADD CONSTRAINT "FK_clients_clients_company_id" FOREIGN KEY (company_id) REFERENCES clients (id) ON DELETE SET NULL;
-- Existing names get their lower-cased name as the match key (the app writes the full key whenever a name is saved,
-- and matching also compares lower-cased names).
UPDATE clients SET match_key = name_key;
CREATE INDEX "IX_clients_company_id" ON clients (company_id);
CREATE INDEX "IX_clients_match_key" ON clients (match_key);
