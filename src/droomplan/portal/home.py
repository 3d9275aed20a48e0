"""A mother without a staff role lands in her portal after logging in (core's home page sends
her on); someone who also works in the programme finds a link to it in her participant part
of the home page."""

from droomplan.access.policy import portal as policy
from droomplan.core.home import register, register_landing
from droomplan.core.roles import Role

register_landing(url_name="portal:home", when=policy.lands_in_portal)


@register(Role.PARTICIPANT, template="portal/home_part.html", when=policy.can_use_portal)
def portal_link(request) -> dict:
    return {}
