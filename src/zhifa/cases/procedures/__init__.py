"""The procedures, declared per legal-rules §2, §3 and §5. Importing this package registers them."""

from zhifa.cases.procedures import compulsion, general, no_penalty, summary

__all__ = ["compulsion", "general", "no_penalty", "summary"]
