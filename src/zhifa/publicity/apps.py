from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhifa.publicity"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        # Its sections of the staff to-do list (core.todo): the workbench home shows them.
        from zhifa.publicity import todo

        todo.register()
        # Publicity reacts to the journal (DESIGN.md): a decision.issued entry drafts a publication
        # after the deciding transaction commits. The cases app never imports publicity. The names are
        # stable: they name each subscriber's cursor and the reactions it owes (journal.services).
        from zhifa.journal.services import subscribe
        from zhifa.publicity import pipeline

        subscribe("publicity.draft", "decision.issued", pipeline.on_decision_issued)
        # Its regional settings (display periods, the lower-fine threshold: SAMR 公示规定 Art.13) join
        # cases.rules' table on import: registered here, they resolve before anything reads them.
        from zhifa.publicity import rules  # noqa: F401

        # A decision revoked or changed (行政处罚法 Art.48; SAMR 公示规定 Art.11): what was published of it
        # is withdrawn within 3 working days, with the reasons.
        subscribe("publicity.revoked", "decision.revoked", pipeline.on_decision_revised)
        subscribe("publicity.changed", "decision.changed", pipeline.on_decision_revised)
        # Daily: publications whose display period ended leave the portal (core.jobs).
        from zhifa.core.jobs import register_daily
        from zhifa.publicity.tasks import expire_publications

        register_daily(expire_publications, "公示期满撤下")
