"""Roster engine: monthly shift rosters for customer-service teams (OR-Tools CP-SAT)."""
