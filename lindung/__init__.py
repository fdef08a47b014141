"""Lindung: social security for vulnerable informal workers, run by local governments."""
