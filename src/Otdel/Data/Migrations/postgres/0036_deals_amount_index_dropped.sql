-- 0036: the deals' (pipeline, status, stage, amount) index goes. The board's column totals come from stage_totals; the
-- index served only a board filtered by something other than people, and there it helped an amount filter alone (215
-- against 325 ms at a million deals) while a filter by source read the table either way — on SQLite it made that filter
-- slower (1.2 s against 0.23 s walking the table in the index's order). Its key was rewritten on every move, and after
-- a big import it was the dearest deal index to build again (3.1 s of a million deals; issue 10).
DROP INDEX "IX_deals_pipeline_id_status_stage_id_amount";
