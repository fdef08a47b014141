"""Lindung's domain core: pure Python, no Django imports.

NIK parsing, calendar arithmetic, money, rule sets and their evaluator, billing maths. Everything
here is importable and testable without a database or settings (tests/domain/ proves it).
"""
