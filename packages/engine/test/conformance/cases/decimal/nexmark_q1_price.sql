SELECT auction, price * 0.908 AS euro FROM input
