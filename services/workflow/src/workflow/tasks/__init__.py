"""Tasks: one step of a process instance in one unit's hands — the officers' inboxes and actions."""
