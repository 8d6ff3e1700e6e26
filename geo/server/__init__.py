"""What a shared server adds: sign-in and the built-in demo data.

Owns: auth (accounts and the sign-in policy), demo (the demo store).

May import: every package above except geo.cli.
The layering is checked by ``tests/test_layering.py``.
"""
