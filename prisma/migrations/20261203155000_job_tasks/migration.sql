-- Job parallelism (issue 7): tasks 1..N-1 of a parallel job, each leased on its own; task 0 is
-- the Job row's lease. Checkpoints and runs say which task they belong to.
CREATE TABLE "JobTask" (
    "jobId" TEXT NOT NULL,
    "taskIndex" INTEGER NOT NULL,
    "ownerWorkerId" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
    "jobLeaseEpoch" INTEGER NOT NULL DEFAULT 0,
    "actualState" "JobState" NOT NULL DEFAULT 'STARTING',
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobTask_pkey" PRIMARY KEY ("jobId", "taskIndex")
);

CREATE INDEX "JobTask_leaseExpiresAt_idx" ON "JobTask"("leaseExpiresAt");

ALTER TABLE "JobTask" ADD CONSTRAINT "JobTask_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Checkpoint" ADD COLUMN "taskIndex" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "JobRun" ADD COLUMN "taskIndex" INTEGER NOT NULL DEFAULT 0;
