import factory
from factory.django import DjangoModelFactory
from faker import Faker

from droomplan.accounts.models import Membership, Organisation, OrganisationKind, Role, User

TEST_PASSWORD = "a-Long-test-passw0rd"
_dutch = Faker("nl_NL")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.SOCIAL_WORK


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    # No "van 't Erve": pages show the apostrophe escaped, which would make name checks flaky.
    last_name = factory.LazyAttribute(lambda _o: _dutch.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role=Role.COACH) adds a membership with that role."""
        if extracted and create:
            organisation = kwargs.get("organisation")
            if organisation is None and extracted != Role.PARTICIPANT:
                organisation = OrganisationFactory()
            Membership.objects.create(user=self, role=extracted, organisation=organisation)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COACH
