-- a projection keeps the input headers
-- expect-headers
SELECT id FROM input
