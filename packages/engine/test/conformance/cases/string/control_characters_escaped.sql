-- control characters are escaped on output; escaped surrogate pairs become one character
SELECT s FROM input
