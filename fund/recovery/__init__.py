"""Recovery (追偿) and write-off (核销) of paid advances: the fund's second and third workflows."""
