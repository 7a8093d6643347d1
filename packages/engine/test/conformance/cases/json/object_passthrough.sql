SELECT payload FROM input
