"""Channel adapters behind one interface (``base.ChannelAdapter``): email, in-app; SMS comes next."""
