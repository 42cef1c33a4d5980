"""``python -m convert`` runs the docconv command line."""

from convert.cli import main

if __name__ == "__main__":
    main()
