SELECT symbol # qty FROM input
