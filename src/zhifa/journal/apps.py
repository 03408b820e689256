from typing import Any

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "zhifa.journal"
    verbose_name = "执法全过程记录"

    def ready(self) -> None:
        # The append-only guard and the sequencer's queue are database triggers; SQLite drops a table's
        # triggers when a migration rebuilds the table, so every migrate puts them back (idempotent).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_reinstall_triggers, sender=self)
        # Its daily job (the reactions still owed) is registered by core, which the journal must not
        # import (core.apps).


def _reinstall_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from zhifa.journal.db import TABLES, install_append_only_triggers, install_queue_trigger

    connection = connections[using]
    present = set(connection.introspection.table_names())
    if set(TABLES) <= present and "journal_pendingentry" in present:
        install_append_only_triggers(connection)
        install_queue_trigger(connection)
