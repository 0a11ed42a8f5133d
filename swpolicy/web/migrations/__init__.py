"""Alembic migrations of the web app's database (run by `swpolicy.web.db.migrate`)."""
