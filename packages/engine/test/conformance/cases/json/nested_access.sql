SELECT id, payload.device.id AS did, payload.device.name AS dname FROM input
