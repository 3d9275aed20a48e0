from droomplan.access.inzage import collect
from droomplan.access.parts import parts
from droomplan.attention.kinds import Kind
from droomplan.attention.models import Notification
from droomplan.attention.personal_data import anonymise
from droomplan.attention.services import notify


def test_inzage_lists_who_was_told_and_anonymising_removes_it(mother, coach):
    notify(kind=Kind.HANDOVER, recipients=[coach], participant=mother)
    assert "notifications" in {p.label for p in parts()}
    (row,) = collect(mother)["parts"]["notifications"]
    assert row["recipient"] == str(coach)
    assert row["kind"] == str(Kind.HANDOVER.label)

    assert anonymise(mother) == 1
    assert anonymise(mother) == 0
    assert not Notification.objects.exists()
