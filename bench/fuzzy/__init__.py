"""Benchmark of crmhealth's fuzzy duplicate check on labelled synthetic CRM contacts and FEBRL.

Modules: :mod:`generate` (labelled data), :mod:`score` (pairwise P/R/F1), :mod:`baseline`
(exact e-mail-or-phone grouping) and :mod:`run` (the benchmark driver). See README.md.
"""
