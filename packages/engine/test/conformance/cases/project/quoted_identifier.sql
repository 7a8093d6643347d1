SELECT "my col" AS m, "Upper" FROM input
