"""The README, as a school's IT person reads it: what this is, how to try it, commands that work."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands

from accounts.demo import DEMO_PASSWORD

README = (Path(settings.BASE_DIR) / "README.md").read_text()
FIRST_SCREEN = "\n".join(README.splitlines()[:30])


def section(title):
    return re.search(rf"^## {title}\n(.*?)(?=^## )", README, re.S | re.M)[1]


@pytest.mark.django_db
def test_the_first_screen_says_how_to_try_it_with_the_sign_ins_seed_demo_prints(capsys):
    call_command("seed_demo", "--students", "1", "--teachers", "1", "--force")
    printed = capsys.readouterr().out
    accounts = re.findall(r"^  \w+ +(\S+)", printed, re.M)

    assert "make run" in FIRST_SCREEN and "make test" in FIRST_SCREEN
    assert accounts == ["student1", "teacher1", "pending.teacher", "staff"]
    for account in accounts:
        assert f"`{account}" in FIRST_SCREEN
    assert DEMO_PASSWORD in printed and DEMO_PASSWORD in FIRST_SCREEN


def test_every_file_the_readme_names_is_in_the_repository():
    linked = re.findall(r"\]\(([^)#]+)\)", README)
    local = [path for path in linked if not re.match(r"\w+://", path)]

    assert local, "the README links its screenshots"
    assert "../" not in README
    for path in local:
        assert (Path(settings.BASE_DIR) / path).exists(), path


def test_the_operating_commands_exist_and_say_what_they_need():
    operating = section("Operating it")
    commands = re.findall(r"manage\.py (\w+)", operating)

    assert {"createsuperuser", "seed_demo", "axes_reset_username", "clearsessions"} <= set(commands)
    assert set(commands) <= set(get_commands())
    assert "DJANGO_SECRET_KEY" in operating and "DJANGO_DEBUG=true" in operating
