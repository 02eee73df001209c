"""Repositories over SQLAlchemy Core, one module per area of the workflow."""
