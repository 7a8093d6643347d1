select a as x from input where a > 0
