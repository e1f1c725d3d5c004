"""The in-app inbox (hộp thư trên Cổng): one message per notice, per recipient, marked read per message."""
