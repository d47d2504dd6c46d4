"""Writes on cases, one module per family: create, parties, events, first_instance, body."""
