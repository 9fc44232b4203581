import factory

from accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    """A bare user; people of a role come from the role apps' factories."""

    class Meta:
        model = User
        django_get_or_create = ()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery-staple")
    role = Role.ADMIN


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class PersonFactory(factory.Factory):
    """Build people through their role's service, so the profile comes with the user."""

    class Meta:
        abstract = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda p: f"{p.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = "correct-horse-battery-staple"

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("People are saved by their service; use create().")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class(**kwargs)
