"""The portal's date formats per language (FORMAT_MODULE_PATH): "3. december 2026" in Danish, "3 December 2026"
in English. Templates show a date with `|date` (DATE_FORMAT), not with a Danish pattern written in the template."""
