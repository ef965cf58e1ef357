-- The agents list's default order (newest first, id as tie-break) over live agents only (issue 11,
-- ADR 0061): page 1 reads 25 index entries instead of sorting every agent, and the exact total is an
-- index-only scan of this index.
CREATE INDEX "agents_live_created_at_id_idx" ON "agents"("created_at" DESC, "id" DESC) WHERE ("deleted_at" IS NULL);
