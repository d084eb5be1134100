"""The domain, pure Python: model, validation, dates, passwords, rules and the risk score."""
