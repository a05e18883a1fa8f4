"""The members app's pages, one module per page or area (members/urls.py wires them)."""
