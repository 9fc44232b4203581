from django.urls import path

from . import views

app_name = "classes"

urlpatterns = [
    path("", views.ClassListView.as_view(), name="list"),
    path("new/", views.ClassCreateView.as_view(), name="create"),
    path("join/", views.JoinView.as_view(), name="join"),
    path("<int:pk>/", views.ClassDetailView.as_view(), name="detail"),
    path("<int:pk>/code/", views.JoinCodeView.as_view(), name="join_code"),
    path("<int:pk>/cards/", views.CardsView.as_view(), name="cards"),
    path("<int:pk>/teachers/", views.AddTeacherView.as_view(), name="add_teacher"),
    path("<int:pk>/students/new/", views.NewStudentView.as_view(), name="new_student"),
    path(
        "<int:pk>/students/<int:user_id>/remove/",
        views.RemoveStudentView.as_view(),
        name="remove_student",
    ),
    path(
        "<int:pk>/students/<int:user_id>/password/",
        views.StudentPasswordView.as_view(),
        name="student_password",
    ),
]
