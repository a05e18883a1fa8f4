"""Where a profile's documents (strategy, evidence) are stored: random names, never the
uploader's."""

from .. import documents


def profile_document_path(instance, filename):
    return documents.random_pdf_name("profiles")
