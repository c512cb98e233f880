-- A person's own time zone (IANA id), overriding the department's for every time they read; empty = the department's.
ALTER TABLE "users" ADD COLUMN "time_zone" TEXT NULL;
