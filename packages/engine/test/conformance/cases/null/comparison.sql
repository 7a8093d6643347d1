SELECT a = b AS eq, a <> b AS ne, a < b AS lt FROM input
