"""Writes of the first instance (the authority that made the decision): taking a submitted complaint up,
reconsidering its decision, reopening or forwarding the case to the board (SPEC §5). Each action is one
function here, named `case_<verb>`, going through `cases.workflow` for its status change."""
