"""The `motcua` console script: Django's manage.py for operators (`motcua migrate`)."""

import os
import sys


def main() -> None:
    """Run a management command with the production settings unless told otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
