-- 0033: the teams and departments a people import creates carry its run too, so its undo removes them with the people
-- (issue 10). No index: few rows, and undo is rare.
ALTER TABLE teams ADD import_run_id bigint;
ALTER TABLE departments ADD import_run_id bigint;
