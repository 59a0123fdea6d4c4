"""Login lockout after repeated failures (django-axes), configured in the settings.

Two locks, each with its own limit (``AXES_LOCKOUT_PARAMETERS``):

- one username from one IP address: ``AXES_FAILURE_LIMIT`` failures (5) lock that pair,
  so a colleague behind the same address, signing in as someone else, is not locked out;
- one IP address, whatever the usernames: ``LOGIN_IP_FAILURE_LIMIT`` failures (30), for
  someone trying many usernames.

axes compares every parameter group with one limit; ``LockoutHandler`` gives the IP group
its own. Failures older than ``AXES_COOLOFF_TIME`` (15 minutes) are forgotten, so a lock
ends that long after the failure that set it. A locked-out login answers 429 with a page
in Spanish and ``Retry-After`` (``lockout_response``), and is logged to
``practices.security`` with the username and address pseudonymised, never the password
(the project's logs hold no user names or addresses; the ``AccessAttempt`` rows in the
admin, for superusers, have them).
"""

import logging
import math

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from ops.ratelimit import pseudonym

logger = logging.getLogger("practices.security")


def client_str(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its own log lines (``AXES_CLIENT_STR_CALLABLE``)."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0]
    return f"{{user: {pseudonym(username)}, ip: {pseudonym(ip_address)}, path: {path_info}}}"


def _limit_of(parameters):
    alone = parameters if isinstance(parameters, str) else tuple(parameters)
    if alone in ("ip_address", ("ip_address",)):
        return settings.LOGIN_IP_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per parameter group (see the module)."""

    def _groups(self, request, credentials):
        """[(failures, latest failure, limit)] of each parameter group, within cool-off."""
        parameters = get_lockout_parameters(request, credentials)
        groups = []
        for group, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            found = attempts.aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
            groups.append((found["n"] or 0, found["last"], _limit_of(group)))
        return groups

    def get_failures(self, request, credentials=None):
        """The failures as axes compares them with ``AXES_FAILURE_LIMIT``: each group's
        count scaled to that limit, so any group at its own limit locks."""
        limit = settings.AXES_FAILURE_LIMIT
        return max(
            (
                failures * limit // own_limit
                for failures, _last, own_limit in self._groups(request, credentials)
            ),
            default=0,
        )

    def locked_until(self, request, credentials=None):
        """When the lock on this request ends at the latest, or None if it is not locked."""
        ends = [
            last + get_cool_off(request)
            for failures, last, own_limit in self._groups(request, credentials)
            if failures >= own_limit and last
        ]
        return max(ends, default=None)

    def reset_user_attempts(self, request, credentials=None):
        """After a successful login, forget that username's failures from that address
        only: the address's failures with other usernames still count."""
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def seconds_until_unlocked(request, credentials=None):
    handler = AxesProxyHandler.get_implementation()
    until = (
        handler.locked_until(request, credentials) if isinstance(handler, LockoutHandler) else None
    )
    if until is None:  # whatever the handler: the whole cool-off is an upper bound
        return int(get_cool_off(request).total_seconds())
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def lockout_response(request, original_response=None, credentials=None):
    """429 with a page that says what happened and when to try again (``Retry-After``)."""
    seconds = seconds_until_unlocked(request, credentials)
    context = {
        **admin.site.each_context(request),
        "title": "Acceso bloqueado temporalmente",
        "minutes": math.ceil(seconds / 60),
        "until": timezone.localtime() + timezone.timedelta(seconds=seconds),
    }
    # Rendered now: axes' middleware answers after the view, past the template phase.
    response = render(request, "admin/login_locked.html", context, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "login locked out",
        extra={
            "event": {
                "event": "login_locked_out",
                "user": pseudonym(username),
                "ip": pseudonym(ip_address),
                "path": request.path if request is not None else None,
                "failures": getattr(request, "axes_failures_since_start", None),
            }
        },
    )
