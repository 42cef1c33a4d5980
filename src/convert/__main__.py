"""``python -m convert``: the same as the ``docconv`` command."""

from convert.app.cli import main

if __name__ == "__main__":
    main()
