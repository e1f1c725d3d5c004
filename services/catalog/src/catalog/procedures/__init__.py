"""Procedures (thủ tục hành chính): versioned sheets with every R-CAT-1 field, published and superseded."""
