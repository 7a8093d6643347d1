-- negative operands
SELECT a, b, a / b AS r FROM input
