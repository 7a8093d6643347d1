SELECT symbol FROM 'kafka://localhost:9092/orders' ORDER BY symbol
