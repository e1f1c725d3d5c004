"""Simulators of external parties, each a small server speaking the real protocol.

- `simulators.sms`: a brandname SMS provider (REST, modelled on eSMS) with delivery reports and
  inbound messages;
- `simulators.mailsink`: an SMTP server that captures mail, with an HTTP API;
- `simulators.testing`: run them (or any ASGI app) inside a test's event loop on free ports.
"""
