SELECT symbl, prise FROM input
