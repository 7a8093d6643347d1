SELECT a || '/' || b AS c FROM input
