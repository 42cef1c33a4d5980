"""The application around the pipeline: plugin loading (``plugins``), the run's
``session``, the ``pipeline`` itself, batch conversion (``inputs``, ``workers``,
``staging``, ``progress``, ``batch``), ``sync``, ``report``, ``audit``, the ``cli`` and
the plugin authors' test kit (``testing``)."""
