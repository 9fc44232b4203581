import factory

from accounts.tests.factories import PersonFactory
from teachers.services import register_teacher


class TeacherFactory(PersonFactory):
    """A teacher account with its profile, made by `register_teacher`."""

    class Meta:
        model = staticmethod(register_teacher)

    username = factory.Sequence(lambda n: f"teacher{n}")
    title = factory.Iterator(["Mr", "Ms", "Dr", "Mx"])
    department = factory.Iterator(["Sciences", "Humanities", "Languages", "Arts"])
    subject = factory.Iterator(["Physics", "History", "French", "Music"])
    approved = True
