"""The weekly health check wizard."""

from accountwatch.ui.wizard.wizard import WeeklyCheckWizard

__all__ = ["WeeklyCheckWizard"]
