"""Code the tests share (fixtures' building blocks, page drivers, checkers). Import from here,
never from a ``conftest.py``: pytest loads those itself, and importing one as a library loads it
twice under two names."""
