"""Payment gateway plugins, one folder each."""
