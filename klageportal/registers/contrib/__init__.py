"""CPR and CVR register backends, one folder each."""
