-- Live tail of a job's output (issue 10): the worker's last records per sink, bounded per job.
CREATE TABLE "JobOutputSample" (
    "seq" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "sink" TEXT NOT NULL,
    "columns" JSONB NOT NULL,
    "cells" JSONB NOT NULL,
    "emittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobOutputSample_pkey" PRIMARY KEY ("seq")
);

CREATE INDEX "JobOutputSample_jobId_sink_seq_idx" ON "JobOutputSample"("jobId", "sink", "seq");

ALTER TABLE "JobOutputSample" ADD CONSTRAINT "JobOutputSample_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
