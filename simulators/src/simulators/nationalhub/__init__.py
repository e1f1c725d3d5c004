"""National hub simulator: the national portal's dossier synchronisation API behind an OAuth2 client
credentials gateway, in the style of the national service bus (see simulators/README.md)."""
