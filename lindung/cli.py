"""The `lindung` console script: every Django management command, under one name.

`lindung migrate`, `lindung runserver`, `lindung screen ...` are `manage.py` commands; this
entry point only sets the settings module so that an installed Lindung needs no manage.py.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lindung", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
