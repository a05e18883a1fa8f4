"""Who may manage accounts: one's own API tokens, other users, superuser rights."""


def can_manage_api_tokens(user):
    """Any signed-in, active user may create and revoke their own API tokens."""
    return bool(user and user.is_authenticated and user.is_active)


def can_grant_superuser(user):
    """Only superusers make superusers or grant permissions one by one: the secretariat manages
    roles (member state, organization, staff status, groups) without raising its own."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def can_change_user(user, account=None):
    """Staff with the permission change accounts, but only a superuser changes a superuser's
    (its email or password would otherwise be a way into superuser rights)."""
    return account is None or not account.is_superuser or can_grant_superuser(user)
