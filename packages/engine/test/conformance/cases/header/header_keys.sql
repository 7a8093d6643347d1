-- HEADER_KEYS() lists the keys comma-separated, in order (as Velostream)
SELECT id, HEADER_KEYS() AS ks FROM input
