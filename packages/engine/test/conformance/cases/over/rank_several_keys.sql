-- ties on d are told apart by p; on a stream rows go out as they arrive (a peer arriving later is not yet counted)
SELECT d, p, RANK() OVER (ORDER BY d, p) AS r, DENSE_RANK() OVER (ORDER BY d, p) AS dr, COUNT(*) OVER (ORDER BY d, p) AS n FROM input
