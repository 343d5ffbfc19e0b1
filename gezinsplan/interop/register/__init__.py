"""Register extracts (CSV files from the municipality's own administration) → households.

See :mod:`gezinsplan.interop.register.layout` for the files and their columns and
:mod:`gezinsplan.interop.register.importer` for how they are joined.
"""
