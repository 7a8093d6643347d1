SELECT payload.nothing.here AS x FROM input
