-- without an event-time field the record timestamp is the event time
SELECT id, _event_time FROM input
