"""What the first instance and the appeals body write while they work a case, beyond the case itself."""
