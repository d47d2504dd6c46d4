"""The EICAR test-file scanner: the embedded default."""
