SELECT SUM(amount * quantity) AS total FROM input EMIT FINAL
