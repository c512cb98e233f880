-- A per-person security stamp: sign-in cookies carry it, and a new one ends the person's existing sessions.
ALTER TABLE users ADD COLUMN security_stamp character varying(64) NOT NULL DEFAULT '';
