"""The contract every stage shares: the document model, Reader/Step/Writer, the hookspecs,
rules, errors, and the core services (decoding bytes, segmenting text into lines and blocks).

Nothing here imports a reader, step, writer or the application layer.
"""
