"""Prevention (第三章): quarterly risk-screening reports (COLL-A23), warning talks and rectification orders (COLL-A27)
and risk alerts (COLL-A26). ``services`` writes; ``workflow`` declares the report's and the order's workflows."""
