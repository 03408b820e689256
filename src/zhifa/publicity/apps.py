from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhifa.publicity"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        # Publicity reacts to the journal (DESIGN.md): a decision.issued entry drafts a publication
        # after the deciding transaction commits. The cases app never imports publicity.
        from zhifa.journal.services import subscribe
        from zhifa.publicity import pipeline

        subscribe("decision.issued", pipeline.on_decision_issued)
