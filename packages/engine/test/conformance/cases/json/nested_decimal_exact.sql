SELECT o.price.amount * 2 AS twice FROM input o
