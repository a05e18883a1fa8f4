"""Logging in: the password step, the one-time code step, the lockout page, two-factor
enrolment, and the password reset that lifts a lockout.

Failed passwords and failed codes are both login failures for django-axes (per email address
and IP address, stored in the database); `lockout` renders its page (AXES_LOCKOUT_CALLABLE).
"""

from .code_step import login_code
from .lockout import PasswordResetConfirmView, lockout, login_attempt_username
from .password_step import LoginView
from .two_factor import two_factor, two_factor_remove
