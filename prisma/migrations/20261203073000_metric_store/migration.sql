-- Job metrics: one row per series (job, name, label set) and one row per series and minute
-- holding that minute's 60 one-second values. 200 jobs x 30 series at 1 s for 24 h is 8.6 M
-- minute rows instead of 518 M point rows, and a 1 h panel reads 60 rows per series.
-- The minute's min/max/sum/count/last are derived from the seconds by a trigger, so the
-- 1-minute rollup always agrees with the 1 s points; after 24 h the seconds are dropped
-- (set to NULL) and the rollup is kept for 30 days (see prune-metrics.ts).
DROP TABLE "MetricPoint";

CREATE TABLE "MetricSeries" (
    "id" SERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    -- Canonical text of the labels (sorted keys), for uniqueness.
    "labelsKey" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "MetricSeries_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "MetricSeries_jobId_name_labelsKey_key" ON "MetricSeries"("jobId", "name", "labelsKey");
ALTER TABLE "MetricSeries" ADD CONSTRAINT "MetricSeries_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "MetricMinute" (
    "seriesId" INTEGER NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    -- 60 slots, second 0 first; NULL where nothing was reported. NULL once older than 24 h.
    "seconds" NUMERIC[],
    "min" NUMERIC,
    "max" NUMERIC,
    "sum" NUMERIC,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last" NUMERIC,
    CONSTRAINT "MetricMinute_pkey" PRIMARY KEY ("seriesId", "minute")
) WITH (fillfactor = 70);
-- fillfactor: a minute row is rewritten on each flush while its minute is current, and free room
-- on the page keeps those updates HOT (no index churn).
CREATE INDEX "MetricMinute_minute_idx" ON "MetricMinute"("minute");
ALTER TABLE "MetricMinute" ADD CONSTRAINT "MetricMinute_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "MetricSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE FUNCTION velo_metric_minute_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."seconds" IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT min(v), max(v), sum(v), count(v)
    INTO NEW."min", NEW."max", NEW."sum", NEW."count"
    FROM unnest(NEW."seconds") AS v;
  SELECT v INTO NEW."last"
    FROM unnest(NEW."seconds") WITH ORDINALITY AS u(v, i)
    WHERE v IS NOT NULL ORDER BY i DESC LIMIT 1;
  RETURN NEW;
END $$;

CREATE TRIGGER "MetricMinute_rollup" BEFORE INSERT OR UPDATE OF "seconds" ON "MetricMinute"
  FOR EACH ROW EXECUTE FUNCTION velo_metric_minute_rollup();
