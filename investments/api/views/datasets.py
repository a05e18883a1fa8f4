"""The global dataset in the API: its files (with their download URLs) and its data dictionary."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from ...global_dataset.declarations import dictionary_rows
from ...models import LATEST, DatasetFile
from ..serializers.datasets import DatasetDictionarySerializer, DatasetFileSerializer


class DatasetFileFilter(django_filters.FilterSet):
    edition = django_filters.CharFilter(
        method="filter_edition", help_text="“latest”, or a reporting cycle's year."
    )
    dataset = django_filters.ChoiceFilter(choices=DatasetFile.Dataset.choices)
    file_format = django_filters.ChoiceFilter(choices=DatasetFile.Format.choices)

    class Meta:
        model = DatasetFile
        fields = ("edition", "dataset", "file_format")

    def filter_edition(self, queryset, name, value):
        if value == LATEST:
            return queryset.latest_edition()
        if value.isdigit() and len(value) == 4:
            return queryset.filter(cycle_year=int(value))
        return queryset.none()


@extend_schema(tags=["datasets"])
class DatasetFileListApi(generics.ListAPIView):
    """The files of the global dataset: the latest edition (regenerated within minutes of a
    change to the published data) and a frozen edition per published reporting cycle, which
    never changes. Each file is a CSV or an XLSX table; `dictionary` describes their columns.
    Licence: CC BY 4.0."""

    serializer_class = DatasetFileSerializer
    filterset_class = DatasetFileFilter

    def get_queryset(self):
        return DatasetFile.objects.in_listing_order()


@extend_schema(tags=["datasets"])
class DatasetDictionaryApi(generics.ListAPIView):
    """The data dictionary of the global dataset: one item per column of each file (its name,
    meaning, type and allowed values), from the declarations the files are written from. A
    short fixed list: not paginated."""

    serializer_class = DatasetDictionarySerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return dictionary_rows()
