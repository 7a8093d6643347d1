SELECT t.prise FROM input t
