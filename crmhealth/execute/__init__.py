"""Executors: they run the checks' plans. ``local`` runs them with Polars on this machine."""
