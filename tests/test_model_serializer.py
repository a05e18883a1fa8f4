"""The fields a ModelSerializer builds once per class are made fresh for every serializer."""

from django.utils import translation

from resources.api.serializers.items import ResourceSerializer


def test_each_serializer_has_its_own_bound_fields():
    first, second = ResourceSerializer().fields, ResourceSerializer().fields
    assert list(first) == list(second)
    for name in first:
        assert first[name] is not second[name]
        assert first[name].parent is not second[name].parent
    # A field given as an argument (a list's child) is made again and bound to its own list.
    assert first["languages"].child is not second["languages"].child
    assert first["languages"].child.parent is first["languages"]
    assert first["topics"].child is not second["topics"].child


def test_labels_follow_the_language_of_the_request():
    with translation.override("en"):
        assert ResourceSerializer().fields  # built once, in whatever language is active
    with translation.override("fr"):
        french = str(ResourceSerializer().fields["title"].label)
    with translation.override("en"):
        english = str(ResourceSerializer().fields["title"].label)
    assert english == "Title"
    assert french == "Titre"
