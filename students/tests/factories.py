import factory

from accounts.tests.factories import PersonFactory
from students.services import register_student


class StudentFactory(PersonFactory):
    """A student account with its profile, made by `register_student`."""

    class Meta:
        model = staticmethod(register_student)

    username = factory.Sequence(lambda n: f"student{n}")
    year_group = factory.Iterator(range(7, 14))
