"""Demo surveys (written with the report)."""
