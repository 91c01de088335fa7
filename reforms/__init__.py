"""Reforms of the ASP rules, selectable by name (see ``openfisca_kz_asp.reform_registry``).

Each module holds one reform class named like the module. A reform changes parameters or
replaces a variable; it never copies a formula of the baseline.
"""
