-- 0031: an import runs in the background: its run is running, done or failed (with why), and names the machine that
-- runs it, so a run left behind by a process that died is closed as failed (docs/import.md, "The page and the API").
ALTER TABLE import_runs ADD COLUMN state character varying(10) NOT NULL DEFAULT 'done';
ALTER TABLE import_runs ADD COLUMN error character varying(2000);
ALTER TABLE import_runs ADD COLUMN worker character varying(100);
ALTER TABLE import_runs ALTER COLUMN state DROP DEFAULT;
