"""SMS provider simulator: a brandname SMS REST API modelled on eSMS (see simulators/README.md)."""
