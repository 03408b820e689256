from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """案卷评查 (issue 15 part 1): plans per region and year, the verifiable draw of closed files, the
    rubric as data, independent scoring with recusal, result notices, objections and the rectification
    ledger."""

    name = "zhifa.evaluation"
    label = "evaluation"
    verbose_name = "行政执法案卷评查"

    def ready(self) -> None:
        # Its regional settings (files drawn per agency, objection and answer periods) join cases.rules.
        from zhifa.core.jobs import register_daily
        from zhifa.evaluation import rules  # noqa: F401
        from zhifa.evaluation.tasks import evaluation_housekeeping

        register_daily(evaluation_housekeeping, "案卷评查：异议期满的评查结果确定")
