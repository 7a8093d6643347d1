-- Panels of 24 h and longer read the one-minute rollup (sum and count per minute), not the
-- seconds. Through the primary key every one of those rows is a heap fetch of a ~900-byte row
-- (its 60 seconds inline), scattered over the table: a 6-series 24 h panel touched ~8,600 heap
-- pages and took over a second on 8.6 M rows. This index holds exactly what the rollup query
-- reads, so the panel is an index-only scan of a few dozen pages.
-- Cost: sum and count change on every flush of the current minute, so those updates are no
-- longer HOT (each also writes index entries); bench:metrics measures the write rate with it.
CREATE INDEX "MetricMinute_seriesId_minute_rollup_idx" ON "MetricMinute" ("seriesId", "minute") INCLUDE ("sum", "count");
