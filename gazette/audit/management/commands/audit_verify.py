from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gazette.audit.chain import audit_chain_verify


class Command(BaseCommand):
    help = "Walk the audit hash chain and report the first broken row (exit status 1 when broken)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--anchor", default="",
            help="SEQ:HASH of a head recorded earlier outside the database; it must still be in the chain.",
        )

    def handle(self, *args, **options) -> None:
        anchor = None
        if options["anchor"]:
            seq, _, digest = options["anchor"].partition(":")
            anchor = (int(seq), digest.strip().lower())
        report = audit_chain_verify(anchor=anchor)
        if not report.ok:
            raise CommandError(str(report), returncode=1)
        self.stdout.write(str(report))
