-- 0033: the teams and departments a people import creates carry its run too, so its undo removes them with the people
-- (issue 10). No index: few rows, and undo is rare.
ALTER TABLE "teams" ADD COLUMN "import_run_id" INTEGER NULL;
ALTER TABLE "departments" ADD COLUMN "import_run_id" INTEGER NULL;
