SELECT price, b, c, d, e FROM input
