"""Actions on a case that need its documents and its fee as well as the case itself: forwarding to the board,
reconsidering, the response form, groupings' documents, a changed contact detail (SPEC §6, CW-6). Each is one
function, named `<noun>_<verb>`, that goes through `cases.workflow` for a status change."""
