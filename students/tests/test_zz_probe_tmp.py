import re
import pytest
from django.urls import reverse

@pytest.mark.django_db
def test_dump(staff_client, student, teacher, pending_teacher):
    pages = {
        "useradd": reverse("admin:accounts_user_add"),
        "studentadd": reverse("admin:students_studentprofile_add"),
        "studentchange": reverse("admin:students_studentprofile_change", args=[student.pk]),
        "teacherlist": reverse("admin:teachers_teacherprofile_changelist"),
        "userteacher": reverse("admin:accounts_user_change", args=[teacher.pk]),
    }
    for name, url in pages.items():
        html = staff_client.get(url).content.decode()
        body = html[html.find('<div id="content"'):]
        text = re.sub(r"<script.*?</script>", "", body, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"\s+", " ", text)
        open(f"/tmp/probe/{name}.txt", "w").write(text)
        open(f"/tmp/probe/{name}.html", "w").write(html)
