"""crmhealth: audit the health of a CRM's data from its exports."""

__version__ = "0.1.0"
