"""Agencies (cơ quan): QCVN 102 codes, hierarchy, administrative level, contact, bank account, calendar."""
