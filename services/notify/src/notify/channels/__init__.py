"""Channel adapters behind one interface (``base.ChannelAdapter``): email, SMS, in-app, webhook."""
