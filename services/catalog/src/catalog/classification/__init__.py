"""Classification (R-CAT-3): sectors (ngành) and fields (lĩnh vực) that procedures are filed under."""
