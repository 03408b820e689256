from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhifa.supervision"
    verbose_name = "行政执法协调监督"

    def ready(self) -> None:
        # Its sections of the staff to-do list (core.todo): the workbench home shows them.
        from zhifa.supervision import todo

        todo.register()
        # Its regional settings (complaint deadlines: 总局令第20号 第十四条) join cases.rules' table on
        # import: registered here, they resolve before anything reads them.
        # Daily: complaint clocks that could not be computed (a year whose calendar was not loaded yet)
        # are filled once it is; spent rate-limit counters are dropped (core.jobs).
        from zhifa.core.jobs import register_daily
        from zhifa.supervision import rules  # noqa: F401
        from zhifa.supervision.tasks import complaint_housekeeping

        register_daily(complaint_housekeeping, "投诉举报期限补算与限流记录清理")
        # Alerts (预警): the rules' settings register on import; every rule is evaluated daily.
        from zhifa.supervision import alert_rules  # noqa: F401
        from zhifa.supervision.alert_tasks import evaluate_alerts

        register_daily(evaluate_alerts, "预警规则评估（发出与自动解除预警）")
        # Supervision matters (监督事项): rectification periods register on import; the daily job escalates
        # overdue ones; complaints converted and files failing evaluation open matters (journal reactions).
        from zhifa.journal.services import subscribe
        from zhifa.supervision import matter_reactions as reactions
        from zhifa.supervision import matter_rules  # noqa: F401
        from zhifa.supervision.matter_tasks import matters_daily

        register_daily(matters_daily, "监督事项：逾期未整改升级、生成监督文书 PDF")
        subscribe(reactions.COMPLAINT_SUBSCRIBER, reactions.COMPLAINT_EVENT, reactions.on_complaint_converted)
        subscribe(
            reactions.EVALUATION_SUBSCRIBER, reactions.EVALUATION_EVENT, reactions.on_rectification_required
        )
