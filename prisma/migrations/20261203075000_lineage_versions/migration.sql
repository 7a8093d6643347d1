-- Lineage edges carry the job version they were recorded for (a job's edges are replaced on
-- each start), and edges are looked up by job.
ALTER TABLE "LineageEdge" ADD COLUMN "jobVersion" INTEGER;
CREATE INDEX "LineageEdge_jobId_idx" ON "LineageEdge"("jobId");
CREATE INDEX "LineageNode_teamId_kind_idx" ON "LineageNode"("teamId", "kind");
