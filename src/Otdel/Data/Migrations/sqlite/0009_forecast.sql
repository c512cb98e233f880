-- Forecasts (issue 12 item 4): a seller's forecast category for an open deal (commit, best case, pipeline, omitted), who
-- set it and when; and whether a plan hands an absent seller's share of a day to the colleagues at work.

CREATE TABLE "deal_forecasts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_deal_forecasts" PRIMARY KEY AUTOINCREMENT,
    "deal_id" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "changed_by_id" INTEGER NULL,
    "changed_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_deal_forecasts_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_deal_forecasts_users_changed_by_id" FOREIGN KEY ("changed_by_id") REFERENCES "users" ("id") ON DELETE SET NULL
);

CREATE UNIQUE INDEX "IX_deal_forecasts_deal_id" ON "deal_forecasts" ("deal_id");

CREATE INDEX "IX_deal_forecasts_changed_by_id" ON "deal_forecasts" ("changed_by_id");

ALTER TABLE "plans" ADD COLUMN "redistribute_absences" INTEGER NOT NULL DEFAULT 0;
