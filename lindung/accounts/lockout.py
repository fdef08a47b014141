"""Login lockout (django-axes) that limits guesses per account across addresses as well.

axes compares one failure limit to the attempts it groups by its lockout parameters. By default Lindung
groups by (account, address): 5 failures lock that pair. An attacker spreading guesses over many
addresses would never reach that, so once an account has collected LINDUNG_ACCOUNT_FAILURE_LIMIT
failures within the cool-off window from anywhere, attempts are grouped by the account alone: its total
then exceeds the limit and the account is locked for every address until the window passes.
"""

from __future__ import annotations

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

PER_ADDRESS = [["username", "ip_address"]]
PER_ACCOUNT = ["username"]


def account_failures(username: str) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
            .aggregate(n=Sum("failures_since_start"))["n"] or 0)


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """axes asks with the request, or with a stored attempt (when it resets or expires attempts)."""
    if isinstance(request_or_attempt, AccessAttempt):
        username = request_or_attempt.username
    else:
        username = get_client_username(request_or_attempt, credentials)
    if username and account_failures(username) >= settings.LINDUNG_ACCOUNT_FAILURE_LIMIT:
        return PER_ACCOUNT
    return PER_ADDRESS
