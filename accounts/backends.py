from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend

from schoolsite.prepared import PreparedGet

from .models import User

# Every signed-in request loads its user: SQL compiled once, not per request.
USER_WITH_PROFILES = PreparedGet(User.objects.with_profiles, "pk")


class UsernameOrEmailBackend(ModelBackend):
    """Authenticate by username or email address, in any letter case.

    Every failing path runs the password hasher exactly once, as Django's ModelBackend
    does, so response times do not reveal whether an account exists.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = self.find_user(username)
        if user is None:
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """Load the session's user with their profile in one query.

        An account deactivated or no longer approved loses its sessions.
        """
        user = USER_WITH_PROFILES.get(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) and user.is_approved else None

    async def aget_user(self, user_id):
        """`get_user` for async code (`request.auser()`), with the same approval rule."""
        return await sync_to_async(self.get_user)(user_id)

    @staticmethod
    def find_user(identifier):
        """Return the account a sign-in name refers to, preferring a username match."""
        matches = list(User.objects.for_identifier(identifier)[:2])
        wanted = identifier.strip().lower()
        for user in matches:
            if user.username.lower() == wanted:
                return user
        return matches[0] if matches else None
