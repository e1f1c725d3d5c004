"""Documents of a process: officers' attachments, the result, and the letters workflow generates."""
