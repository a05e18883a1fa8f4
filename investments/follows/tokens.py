"""The signed token of a digest's one-click unsubscribe link: it names the user, needs no
login, and cannot be forged or altered without the SECRET_KEY (django.core.signing)."""

from django.core import signing

SALT = "investments.follows.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps({"user": user.pk}, salt=SALT, compress=False)


def user_id_of(token):
    """The user id the token was made for; raises `signing.BadSignature` on a tampered one."""
    value = signing.loads(token, salt=SALT)
    if not isinstance(value, dict) or not isinstance(value.get("user"), int):
        raise signing.BadSignature("No user in the token.")
    return value["user"]
