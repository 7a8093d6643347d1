SELECT id, _event_time FROM input WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_seconds')
