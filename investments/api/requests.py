"""What the investments API's views read from a request: the format asked for, the input."""


def wants(request, fmt):
    """Whether the request asked for the format `fmt` (`?format=csv`, `?format=iati`)."""
    renderer = getattr(request, "accepted_renderer", None)
    return renderer is not None and renderer.format == fmt


def valid(serializer_class, request):
    """The request's data validated by the input serializer (a 400 with the errors if not)."""
    return valid_data(serializer_class, request.data)


def valid_data(serializer_class, data):
    """`data` validated by the input serializer (a 400 with the errors if not)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
