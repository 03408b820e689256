"""Demo data: the fictional city 江北市 of the fictional province 示范省 (`manage.py load_demo`)."""
