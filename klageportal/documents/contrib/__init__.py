"""Malware scanner plugins, one folder each."""
