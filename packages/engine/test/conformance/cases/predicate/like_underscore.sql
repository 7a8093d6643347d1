-- _ matches exactly one character, including a multi-byte one
SELECT s FROM input WHERE s LIKE '_é_'
