-- a CREATE TABLE is joinable by name in later statements
-- push-order: customers, orders
CREATE TABLE c AS SELECT id, name FROM customers;
SELECT o.id, c.name FROM orders o JOIN c ON o.cid = c.id
