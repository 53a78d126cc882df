"""Checks on survey results (written with the report)."""
