"""Satisfaction ratings (R-FB-5): after a result, the applicant rates the handling of their dossier."""
