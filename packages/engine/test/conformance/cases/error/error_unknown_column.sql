SELECT symbl FROM input
