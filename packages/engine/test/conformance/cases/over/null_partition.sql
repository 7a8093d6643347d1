-- NULL partition keys form one partition
-- unordered
SELECT ts, ROW_NUMBER() OVER (PARTITION BY p ORDER BY ts) AS rn FROM input
