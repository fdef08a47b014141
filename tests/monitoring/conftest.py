from tests.money_fixtures import write_csv  # noqa: F401, E402
from tests.monitoring_fixtures import (  # noqa: F401 - fixtures of the hand-computed data set
    applications,
    cycle,
    money,
    participants,
    programme,
    snapshot,
)
