"""cchc: one-stop shop and administrative-reform system for Vietnamese local government."""
