-- large quotients stay exact
SELECT a, b, a / b AS r FROM input
