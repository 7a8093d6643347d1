SELECT HEADER('tenant') AS tenant, COUNT(*) AS n FROM input GROUP BY HEADER('tenant')
