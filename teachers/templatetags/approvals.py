"""Template tags of the admin about teachers."""

from django import template
from django.utils.http import urlencode

from accounts.admin import admin_url

from ..admin import ApprovalFilter
from ..models import TeacherProfile

register = template.Library()


@register.inclusion_tag("admin/teachers/awaiting_approval.html", takes_context=True)
def awaiting_approval(context):
    """Tell staff who may approve teachers how many wait, linked to the list of them."""
    request = context["request"]
    if not request.user.has_perm("teachers.change_teacherprofile"):
        return {"shown": False}
    query = urlencode({ApprovalFilter.parameter_name: ApprovalFilter.PENDING})
    return {
        "shown": True,
        "count": TeacherProfile.objects.pending().count(),
        "url": f"{admin_url(TeacherProfile._meta, 'changelist')}?{query}",
    }
