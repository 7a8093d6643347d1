-- _ matches one code point, also outside the BMP
SELECT s FROM input WHERE s LIKE '_'
