#!/usr/bin/env python
"""Kept for Django habits; `lindung` (the console script) is the same thing."""
from lindung.cli import main

if __name__ == "__main__":
    main()
