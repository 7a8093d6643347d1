-- Jobs that run: lease epochs (fencing), restart backoff, versions, logs, compressed checkpoints.

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "checkpointIntervalMs" INTEGER NOT NULL DEFAULT 10000,
ADD COLUMN     "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notBefore" TIMESTAMP(3),
ADD COLUMN     "restarts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "stateResetAt" TIMESTAMP(3),
ADD COLUMN     "updatedById" TEXT;

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "restoredCheckpointEpoch" INTEGER,
ADD COLUMN     "state" "JobState" NOT NULL DEFAULT 'STARTING';

-- AlterTable
ALTER TABLE "Checkpoint" ADD COLUMN     "durationMs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "recordsIn" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "sizeBytes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "stateBlob" BYTEA,
ALTER COLUMN "operatorState" DROP NOT NULL;

-- AlterTable
ALTER TABLE "DlqRecord" ADD COLUMN     "payloadTruncated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "source" TEXT;

-- CreateTable
CREATE TABLE "JobVersion" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sql" TEXT NOT NULL,
    "restartPolicy" "RestartPolicy" NOT NULL,
    "parallelism" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLog" (
    "id" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "workerId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobVersion_jobId_version_key" ON "JobVersion"("jobId", "version");

-- CreateIndex
CREATE INDEX "JobLog_jobId_id_idx" ON "JobLog"("jobId", "id");

-- AddForeignKey
ALTER TABLE "JobVersion" ADD CONSTRAINT "JobVersion_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobLog" ADD CONSTRAINT "JobLog_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
