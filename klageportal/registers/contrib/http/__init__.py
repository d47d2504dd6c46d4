"""A client for a register service that answers JSON over HTTP."""
