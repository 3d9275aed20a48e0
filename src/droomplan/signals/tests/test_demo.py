from django.core.management import call_command

from droomplan.signals.models import Signal, SignalRoute


def test_demo_signals(db):
    call_command("demo_data", verbosity=0)
    route = SignalRoute.objects.get(municipality__cbs_code="GM0935")
    assert route.contact.username == "gemeente"
    statuses = set(Signal.objects.values_list("status", flat=True))
    assert {"received", "in_contact", "referred", "intake"} <= statuses
    mother = Signal.objects.get(status="intake").participant
    assert mother.ref in {"DM-0021", "DM-0022", "DM-0023"}
    assert mother.municipality.cbs_code == "GM0935"
    from droomplan.signals.selectors import is_overdue

    assert any(is_overdue(s) for s in Signal.objects.all())
    count = Signal.objects.count()
    call_command("demo_data", verbosity=0)
    assert Signal.objects.count() == count
