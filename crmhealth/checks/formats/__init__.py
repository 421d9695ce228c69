"""Vectorised validators for value formats that need a library's judgement (phones, emails).

Each validator takes a Series of trimmed, non-missing text values and returns a Boolean Series.
The common shapes are judged by whole-column regular expressions compiled from the library's own
rules; the rare values outside them are judged by the library itself, once per distinct value.
"""
