"""Reporters: one module per output format. Each reads an AuditReport and nothing else."""
