"""raw -> processed: the build that turns the archive's records into the processed tables.

In the order data flows: ``manifest`` (each raw folder's checksums), ``records`` (parse and validate
one record against the codebook), ``normalize`` (countries, officials, dates, URLs), ``dedup``
(records -> exchanges), ``build`` (the whole run, and writing ``data/processed/``), ``schema``
(the Frictionless schemas of what it writes). ``python -m liaison build`` runs it.
"""
