"""Danmarks Adresser's web API (DAWA)."""
