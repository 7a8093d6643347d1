-- sample standard deviation and variance, as in PostgreSQL
SELECT STDDEV(x) AS sd, VARIANCE(x) AS var FROM input EMIT FINAL
