SELECT 'abc FROM input
