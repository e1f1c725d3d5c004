"""Deadlines: due dates in working days, the due-soon and overdue watch (R-PROC-4, R-PROC-8)."""
