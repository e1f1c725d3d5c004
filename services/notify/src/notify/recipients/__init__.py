"""Recipients: the contact directory learnt from identity's events and each user's preferences."""
