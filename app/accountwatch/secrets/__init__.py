"""Secrets (fingerprint key, TOTP secrets) in the OS keyring, failing closed."""
