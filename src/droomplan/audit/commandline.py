"""Who runs a command that reads participants' data (`export_exchange`, `research_export`,
`outcome_report`): the access log names the Droomplan account given with `--actor`, or else
the operating-system user, marked as such. Commands wrap their work in `command_actor(...)`;
`audit.services.record` reads it when there is no request."""

import contextlib
import contextvars
import getpass
import os
import sys
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CommandRun:
    account: object | None  # the Droomplan user given with --actor
    os_username: str  # "os:<login name>" when no account was given
    os_display: str
    line: str  # "command: droomplan export_exchange ..."
    run_id: str


current_command: contextvars.ContextVar[CommandRun | None] = contextvars.ContextVar(
    "current_command", default=None
)


def add_actor_argument(parser) -> None:
    parser.add_argument(
        "--actor",
        metavar="USERNAME",
        help=(
            "the Droomplan account on whose behalf this runs (named in the access log); "
            "without it, the operating-system user is named"
        ),
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without /etc/passwd entry)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def resolve_actor(username: str | None):
    if not username:
        return None
    try:
        user = get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        message = _("--actor: there is no account %(name)r.") % {"name": username}
        raise CommandError(message) from None
    if not user.is_active:
        raise CommandError(_("--actor: the account %(name)r is not active.") % {"name": username})
    return user


@contextlib.contextmanager
def command_actor(name: str, username: str | None = None):
    """Run a command's work with its actor set for the access log."""
    account = resolve_actor(username)
    os_user = _os_user()
    with translation.override(settings.LANGUAGE_CODE):
        display = _("%(name)s (operating-system user, command line)") % {"name": os_user}
    arguments = " ".join(sys.argv[1:]) if sys.argv and name in sys.argv[1:2] else name
    run = CommandRun(
        account=account,
        os_username=f"os:{os_user}"[:150],
        os_display=display[:300],
        line=f"command: droomplan {arguments} (os user {os_user})",
        run_id=uuid.uuid4().hex,
    )
    token = current_command.set(run)
    try:
        yield run
    finally:
        current_command.reset(token)
