"""Every model has a Chinese name (issue 18 §4): the workbench names what a journal entry is about by
its model's verbose_name (journal_events.subject_label) and the admin titles its pages with it, so an
English default (“document sequence”) would show through."""

from django.apps import apps


def test_every_model_of_the_platform_has_a_chinese_verbose_name() -> None:
    english = [
        f"{m._meta.app_label}.{m.__name__}"
        for m in apps.get_models()
        if m.__module__.startswith("zhifa.") and str(m._meta.verbose_name).isascii()
    ]
    assert english == [], f"give these models a Chinese verbose_name: {english}"
