SELECT id, _key, _offset, _partition, _timestamp FROM input
