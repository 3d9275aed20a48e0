"""Helpers for tests of two-step login: authenticator devices and their codes."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/account/inloggen/"


def totp_now(device: TOTPDevice) -> str:
    """The code the authenticator app shows right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def allow_code_again(device: TOTPDevice) -> None:
    """Let the same 30-second code be used once more (a test runs faster than 30 seconds)."""
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def verified_login(client, user, device) -> None:
    """Log in as someone who has passed both steps (password and code) in this session."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
