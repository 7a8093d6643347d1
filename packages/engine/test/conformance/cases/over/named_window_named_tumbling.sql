SELECT "window", ROW_NUMBER() OVER tumbling AS r FROM input WINDOW tumbling AS (ORDER BY "window" DESC)
