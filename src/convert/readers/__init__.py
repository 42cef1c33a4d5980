"""The built-in readers, one plugin per input format, each beside its internals
(``pdf/layout.py``, ``html/extract.py``). No reader imports another."""
