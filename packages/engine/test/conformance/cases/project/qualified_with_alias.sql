SELECT t.a, t.b AS bee FROM input t
