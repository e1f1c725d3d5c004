"""Notices: which events notify the applicant of what (mapping), and turning a notice into messages."""
