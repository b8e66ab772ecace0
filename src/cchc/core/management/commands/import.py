from django.core.management.base import BaseCommand, CommandError

from cchc.core import importers
from cchc.core.errors import ImportRefused


class Command(BaseCommand):
    help = "Import a data file (units, procedures, …) all-or-nothing; see docs/formats."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="what the file holds: " + ", ".join(importers.kinds()))
        parser.add_argument("file")

    def handle(self, *args, kind, file, **options):
        importer = importers.get(kind)
        if importer is None:
            raise CommandError(
                f"unknown import kind '{kind}'; known: {', '.join(importers.kinds())}"
            )
        try:
            summary = importer(file)
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{file}: {len(refused.errors)} error(s); nothing was imported"
            ) from None
        self.stdout.write(summary)
