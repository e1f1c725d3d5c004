"""The dossier aggregate (hồ sơ): one application by a citizen or organisation for one procedure."""
