"""The domain, pure Python: model, validation, dates, passwords, rules and the risk score."""

from pathlib import Path

# The data the package ships (the rules and platforms core reads, locales, icons), beside its
# modules whether installed, run from a checkout or frozen: importlib.resources would say the
# same, and load a dozen modules (a few milliseconds at every start) to say it.
RESOURCES = Path(__file__).parent.parent / "resources"
