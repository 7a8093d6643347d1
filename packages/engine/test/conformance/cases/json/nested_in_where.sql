SELECT id FROM input WHERE payload.device.id = 7
