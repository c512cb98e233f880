-- 0032: what an import creates carries its run, so the run can be undone as a whole (issue 10). No index and no foreign
-- key on the new columns: every index on deals costs the big import about a second per million rows, and undo is rare
-- (a scan is acceptable). A lead the import converted keeps its state from before, to be restored by the undo.
ALTER TABLE deals ADD import_run_id bigint;
ALTER TABLE clients ADD import_run_id bigint;
ALTER TABLE leads ADD import_run_id bigint;
ALTER TABLE users ADD import_run_id bigint;
ALTER TABLE import_runs ADD undone_at timestamp with time zone;
ALTER TABLE import_runs ADD undone_by_id bigint;

CREATE TABLE import_lead_states (
    run_id bigint NOT NULL,
    lead_id bigint NOT NULL,
    deal_id bigint,
    client_id bigint,
    status character varying(20) NOT NULL,
    converted_at timestamp with time zone,
    version integer NOT NULL,
    times integer NOT NULL,
    CONSTRAINT "PK_import_lead_states" PRIMARY KEY (run_id, lead_id)
);
