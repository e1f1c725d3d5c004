"""Single sign-on from the national portal (R-ID-2, R-FMT-5): identity as an OIDC client upstream."""
