"""Cadres' reserve: use cases, what is computed, checks and demo data."""
