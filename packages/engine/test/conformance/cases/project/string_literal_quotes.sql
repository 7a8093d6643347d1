SELECT 'it''s' AS s, 'ü' AS u FROM input
