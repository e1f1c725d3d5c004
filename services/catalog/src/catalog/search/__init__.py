"""Search and browse of procedures in force (R-CAT-3): diacritics- and case-insensitive, ranked, filtered."""
