"""The ClamAV daemon scanner (clamd): the production choice."""
