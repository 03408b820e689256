"""The sources of the report's figures, by name. Each app's figures come from one source; a source that
cannot run here (the inspections app not installed) is not registered and its figures read "not
recorded" (figures.py). The lead wiring another app in adds one Source subclass and one register() call
in StatisticsConfig.ready()."""

from __future__ import annotations

from zhifa.statistics.sources.base import Source

_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a source (again with the same name: replaced, so that a reloaded app does not count twice)."""
    _SOURCES[source.name] = source
    return source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def all_sources() -> list[Source]:
    return list(_SOURCES.values())


def source_of(key: str) -> Source | None:
    """The source that computes figure `key`; penalty categories come from the penalty source."""
    from zhifa.statistics.figures import CATEGORY_PREFIX

    if key.startswith(CATEGORY_PREFIX):
        key = "penalty_total"
    for source in _SOURCES.values():
        if key in source.keys:
            return source
    return None


def recorded_keys() -> set[str]:
    return {key for s in _SOURCES.values() for key in s.keys}


def register_defaults() -> None:
    """The sources of the apps every platform has, and inspections when its app is installed."""
    from zhifa.statistics.sources import inspections
    from zhifa.statistics.sources.compulsion import CompulsionSource
    from zhifa.statistics.sources.licensing import LicensingSource
    from zhifa.statistics.sources.penalties import PenaltySource
    from zhifa.statistics.sources.personnel import PersonnelSource
    from zhifa.statistics.sources.review import ReviewSource

    for source in (PenaltySource(), LicensingSource(), CompulsionSource(), ReviewSource(), PersonnelSource()):
        register(source)
    if inspections.available():
        register(inspections.InspectionSource())
