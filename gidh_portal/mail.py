"""Mail in each recipient's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation


def send_each(recipients, compose):
    """Send each `(email, language)` of `recipients` its own mail, `compose()` returning the
    subject and body in that language (the portal's default when blank); how many went."""
    sent = 0
    for email, language in recipients:
        with translation.override(language or settings.LANGUAGE_CODE):
            subject, body = compose()
        sent += send_mail(subject, body, None, [email])
    return sent
