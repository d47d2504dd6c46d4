"""Writes of the appeals body: receiving a forwarded case, asking for documents, deciding and closing it
(SPEC §6). Each action is one function here, named `case_<verb>`, going through `cases.workflow` for its
status change."""
