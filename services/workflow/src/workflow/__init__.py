"""motcua workflow service — Workflow: processing within legal deadlines."""
