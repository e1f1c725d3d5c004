"""The internal OTP endpoint: identity hands over a code to deliver by SMS or email, once, unlogged."""
