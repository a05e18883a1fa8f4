"""Pages of the investments app, one module per subject (`urls.py` names each view)."""
