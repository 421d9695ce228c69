"""``python -m crmhealth``."""

from crmhealth.cli import main

main()
