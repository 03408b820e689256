"""Zhifa (执法): administrative law-enforcement three systems platform."""

__version__ = "0.1.0"
