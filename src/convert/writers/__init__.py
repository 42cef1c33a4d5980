"""The built-in writers, one plugin per output format; ``_outline`` and ``_zip`` are the
helpers they share (the block outline every format writes, reproducible zip files)."""
