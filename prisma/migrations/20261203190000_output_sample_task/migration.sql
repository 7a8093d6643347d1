-- The live output tail of a parallel job (issue 7): every task samples its own output and keeps
-- its newest rows, so the tail shows all tasks' records, not only task 0's.
ALTER TABLE "JobOutputSample" ADD COLUMN "taskIndex" INTEGER NOT NULL DEFAULT 0;

DROP INDEX "JobOutputSample_jobId_sink_seq_idx";

CREATE INDEX "JobOutputSample_jobId_sink_taskIndex_seq_idx" ON "JobOutputSample"("jobId", "sink", "taskIndex", "seq");
