"""The suite's OpenID Provider: discovery, keys, authorize, token, sessions, clients, logout."""
