-- Leads and channels (issue 10 items 2 and 4): channels with their web-form keys, campaigns with UTM tags, monthly
-- spend per channel, and leads with their arrival, first contact, status, duplicate flags and conversion links.

CREATE TABLE "channels" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_channels" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "department_id" INTEGER NULL,
    "owner_id" INTEGER NOT NULL,
    "form_key" TEXT NOT NULL,
    "is_archived" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_channels_departments_department_id" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_channels_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE TABLE "campaigns" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_campaigns" PRIMARY KEY AUTOINCREMENT,
    "channel_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "utm_source" TEXT NULL,
    "utm_medium" TEXT NULL,
    "utm_campaign" TEXT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_campaigns_channels_channel_id" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE CASCADE
);

CREATE TABLE "channel_spend" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_channel_spend" PRIMARY KEY AUTOINCREMENT,
    "channel_id" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_channel_spend_channels_channel_id" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE CASCADE
);

CREATE TABLE "leads" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_leads" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "company" TEXT NULL,
    "phone" TEXT NULL,
    "phone_key" TEXT NULL,
    "email" TEXT NULL,
    "email_key" TEXT NULL,
    "channel_id" INTEGER NULL,
    "source" TEXT NULL,
    "campaign_id" INTEGER NULL,
    "campaign" TEXT NULL,
    "utm_source" TEXT NULL,
    "utm_medium" TEXT NULL,
    "utm_campaign" TEXT NULL,
    "landing_page" TEXT NULL,
    "comment" TEXT NULL,
    "extra" TEXT NULL,
    "status" TEXT NOT NULL,
    "disqualify_reason" TEXT NULL,
    "score" INTEGER NOT NULL,
    "owner_id" INTEGER NOT NULL,
    "arrived_at" TEXT NOT NULL,
    "first_contact_at" TEXT NULL,
    "duplicate_of_lead_id" INTEGER NULL,
    "duplicate_of_client_id" INTEGER NULL,
    "client_id" INTEGER NULL,
    "deal_id" INTEGER NULL,
    "converted_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_leads_campaigns_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "campaigns" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_leads_channels_channel_id" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_leads_clients_client_id" FOREIGN KEY ("client_id") REFERENCES "clients" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_leads_clients_duplicate_of_client_id" FOREIGN KEY ("duplicate_of_client_id") REFERENCES "clients" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_leads_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_leads_leads_duplicate_of_lead_id" FOREIGN KEY ("duplicate_of_lead_id") REFERENCES "leads" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_leads_users_owner_id" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_channels_department_id" ON "channels" ("department_id");

CREATE UNIQUE INDEX "IX_channels_form_key" ON "channels" ("form_key");

CREATE INDEX "IX_channels_owner_id" ON "channels" ("owner_id");

CREATE INDEX "IX_campaigns_channel_id" ON "campaigns" ("channel_id");

CREATE UNIQUE INDEX "IX_channel_spend_channel_id_month" ON "channel_spend" ("channel_id", "month");

CREATE INDEX "IX_leads_campaign_id" ON "leads" ("campaign_id");

CREATE INDEX "IX_leads_channel_id_arrived_at" ON "leads" ("channel_id", "arrived_at");

CREATE INDEX "IX_leads_client_id" ON "leads" ("client_id");

CREATE INDEX "IX_leads_deal_id" ON "leads" ("deal_id");

CREATE INDEX "IX_leads_duplicate_of_client_id" ON "leads" ("duplicate_of_client_id");

CREATE INDEX "IX_leads_duplicate_of_lead_id" ON "leads" ("duplicate_of_lead_id");

CREATE INDEX "IX_leads_email_key" ON "leads" ("email_key");

CREATE INDEX "IX_leads_owner_id_status" ON "leads" ("owner_id", "status");

CREATE INDEX "IX_leads_phone_key" ON "leads" ("phone_key");
