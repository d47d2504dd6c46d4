"""The built-in address list for development and tests."""
