"""Rubrics are data: an administrator adds a province's variant (region, version) with its items here."""

from django.contrib import admin

from zhifa.evaluation.models import Rubric, RubricItem


class RubricItemInline(admin.TabularInline[RubricItem, Rubric]):
    model = RubricItem
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin[Rubric]):
    list_display = ("name", "code", "version", "region", "excellent_min", "good_min", "pass_min")
    inlines = [RubricItemInline]
