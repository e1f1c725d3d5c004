"""Citizens' feedback and petitions (phản ánh, kiến nghị, R-FB-4): received, routed to the responsible
agency, answered within 3 working days by an accountable official, published with consent."""
