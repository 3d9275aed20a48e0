"""A mother without a staff role lands in her portal after logging in (core's home page sends
her on)."""

from droomplan.access.policy import portal as policy
from droomplan.core.home import register_landing

register_landing(url_name="portal:home", when=policy.lands_in_portal)
