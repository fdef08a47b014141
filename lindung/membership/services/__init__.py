"""Writing memberships, one module per duty:

- `participants`  importing participants (persons, participants, membership periods)
- `terminations`  ending memberships (Pasal 10, the age limit of Pasal 11 ayat (6)), termination proposals
- `funding`       assigning participants to funding sources (Pasal 14)
"""

from . import funding, participants, terminations  # noqa: F401, E402
