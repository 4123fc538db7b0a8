flavor = "small"
broken = 
