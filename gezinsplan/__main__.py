"""``python -m gezinsplan`` runs the command line."""

from gezinsplan.cli import main

if __name__ == "__main__":
    main()
