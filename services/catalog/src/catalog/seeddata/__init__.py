"""The demo catalogue loaded by ``python -m catalog.seed``: agencies, classification, procedures, forms.

Modelled on real procedures (names, components, fees, time limits as published on the national
portal around 2025); the agency codes follow QCVN 102:2016 and those cited in DOMAIN.md are real
(``000.00.00.G12``, ``000.00.18.G12``, ``000.00.00.H49``), the others are illustrative.
"""
