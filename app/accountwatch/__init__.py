"""AccountWatch: keeps B2B marketplace accounts from being frozen."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "AccountWatch"
APP_ID = "io.github.accountwatch.AccountWatch"

try:
    __version__ = version("accountwatch")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
