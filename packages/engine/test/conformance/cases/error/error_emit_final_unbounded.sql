SELECT COUNT(*) AS n FROM 'kafka://localhost:9092/orders' EMIT FINAL
