from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhifa.review"
    verbose_name = "法制审核"

    def ready(self) -> None:
        # Its sections of the staff to-do list (core.todo): the workbench home shows them.
        from zhifa.review import todo

        todo.register()
        # The hard gate: registered on the cases engine's decision steps (the cases app never imports
        # review). Every route to a decision — service, API, workbench — runs through that engine.
        from zhifa.review import gate

        gate.install()
        # Its regional settings (the legal-reviewer share, 118号 四(十一)) join cases.rules' table on
        # import: registered here, they resolve before anything reads them.
        from zhifa.review import rules  # noqa: F401
