from django.contrib.auth.backends import ModelBackend

from .models import User


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
        user = self.find_user(username, request)
        if user is None:
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """Django's, but an account no longer approved loses its sessions, as a deactivated
        one does. Pages that show a profile load it themselves."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_approved else None

    async def aget_user(self, user_id):
        """`get_user` for async code (`request.auser()`), with the same approval rule."""
        user = await super().aget_user(user_id)
        return user if user is not None and user.is_approved else None

    @classmethod
    def find_user(cls, identifier, request=None):
        """Return the account a sign-in name refers to, preferring a username match.

        Given the request, each name is looked up once per request: the lockout
        (accounts.lockout) asks for the same account before the password is checked.
        """
        if request is None:
            return cls.look_up(identifier)
        found = getattr(request, "sign_in_accounts", None)
        if found is None:
            found = request.sign_in_accounts = {}
        if identifier not in found:
            found[identifier] = cls.look_up(identifier)
        return found[identifier]

    @staticmethod
    def look_up(identifier):
        matches = list(User.objects.for_identifier(identifier)[:2])
        wanted = identifier.strip().lower()
        for user in matches:
            if user.username.lower() == wanted:
                return user
        return matches[0] if matches else None
