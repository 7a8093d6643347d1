SELECT JSON_VALUE(raw, '$.a.b') AS v, JSON_VALUE(raw, '$.a.zz') AS m FROM input
