"""What workflow learns from other services' events: agencies and their hierarchy, the working-day
calendar overrides, procedures' legal time limits, and the officials who have used workflow."""
