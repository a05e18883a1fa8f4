#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")
    from django.core.management import execute_from_command_line

    from gidh_portal.audit import audit_context

    # Changes made by a command are recorded in the audit trail under its name.
    with audit_context(command=" ".join(sys.argv[1:2])):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
