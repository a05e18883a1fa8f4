from django.urls import path, register_converter

from ..models import DatasetFile
from . import views

app_name = "dataset"


class EditionConverter:
    regex = r"latest|[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class DatasetConverter:
    regex = "|".join(DatasetFile.Dataset.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class FormatConverter:
    regex = "|".join(DatasetFile.Format.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(EditionConverter, "edition")
register_converter(DatasetConverter, "dataset")
register_converter(FormatConverter, "file_format")

urlpatterns = [
    path("data/", views.dataset_page, name="dataset-page"),
    path(
        "data/<edition:edition>/<dataset:dataset>.<file_format:file_format>",
        views.dataset_file,
        name="dataset-file",
    ),
]
