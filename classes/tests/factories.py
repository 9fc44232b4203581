import factory

from classes import services
from classes.models import AcademicSession, SessionType


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicSession

    title = factory.Sequence(lambda n: f"Term {n}")
    session_type = SessionType.TERM
    start_date = factory.Faker("date_between", start_date="-30d", end_date="-1d")
    end_date = factory.LazyAttribute(lambda t: t.start_date.replace(year=t.start_date.year + 1))
    school_year = factory.LazyAttribute(lambda t: t.end_date.year)


class ClassFactory(factory.Factory):
    """A class made by `services.create_class`, with `teacher` as its primary teacher."""

    class Meta:
        model = staticmethod(services.create_class)

    title = factory.Sequence(lambda n: f"Class {n}")
    teacher = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class(**kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("Classes are saved by their service; use create().")
