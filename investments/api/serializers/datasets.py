"""The global dataset's files in the API, and its data dictionary (from the same declarations
as the files)."""

from rest_framework import serializers

from ...global_dataset.declarations import DictionaryRow
from ...global_dataset.files import CONTENT_TYPES
from ...models import DatasetFile


class DatasetFileSerializer(serializers.ModelSerializer):
    edition = serializers.CharField(
        read_only=True, help_text="“latest”, or the year of a frozen reporting cycle's edition."
    )
    download_url = serializers.SerializerMethodField(help_text="Where to download the file.")
    media_type = serializers.SerializerMethodField()

    class Meta:
        model = DatasetFile
        fields = (
            "edition",
            "cycle_year",
            "dataset",
            "file_format",
            "media_type",
            "download_url",
            "size",
            "rows",
            "sha256",
            "generated_at",
        )

    def get_download_url(self, file) -> str:
        request = self.context.get("request")
        url = file.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url

    def get_media_type(self, file) -> str:
        return CONTENT_TYPES[file.file_format]


DatasetDictionarySerializer = DictionaryRow
