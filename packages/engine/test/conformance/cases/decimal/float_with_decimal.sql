-- DECIMAL with FLOAT gives FLOAT
SELECT a * 2e0 AS f, a + 0.5e0 AS g FROM input
