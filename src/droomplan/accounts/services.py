from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "authenticator"


@transaction.atomic
def start_totp_setup(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice) -> TOTPDevice:
    """Confirm a freshly verified device and drop any other device of the user."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def remove_totp_devices(*, user: User) -> int:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
