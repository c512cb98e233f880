-- 0027: payments received on a deal (whole or in part), cancelled rather than deleted; plans count them as money received
-- and automation fires on them.
CREATE TABLE "payments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_payments" PRIMARY KEY AUTOINCREMENT,
    "deal_id" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "received_on" TEXT NOT NULL,
    "reference" TEXT NULL,
    "note" TEXT NULL,
    "recorded_by_id" INTEGER NOT NULL,
    "recorded_at" TEXT NOT NULL,
    "cancelled_at" TEXT NULL,
    "cancelled_by_id" INTEGER NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_payments_deals_deal_id" FOREIGN KEY ("deal_id") REFERENCES "deals" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_payments_users_cancelled_by_id" FOREIGN KEY ("cancelled_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_payments_users_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_payments_cancelled_by_id" ON "payments" ("cancelled_by_id");
CREATE INDEX "IX_payments_deal_id" ON "payments" ("deal_id");
CREATE INDEX "IX_payments_received_on" ON "payments" ("received_on");
CREATE INDEX "IX_payments_recorded_by_id" ON "payments" ("recorded_by_id");
