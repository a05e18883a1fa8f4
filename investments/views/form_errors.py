"""Putting a service's refusal back onto the form that asked for the change."""

from members.workflow import ConflictError


def apply_errors(form, error):
    """Map a service's ValidationError (or a conflict) back onto the form."""
    if isinstance(error, ConflictError):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
