"""The fixed vocabularies of a resource: its kind, its languages and its licence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    GUIDELINE = "guideline", _("Guideline")
    BEST_PRACTICE = "best_practice", _("Best practice")
    TOOLKIT = "toolkit", _("Toolkit")
    CASE_STUDY = "case_study", _("Case study")
    POLICY_TEMPLATE = "policy_template", _("Policy or legislation template")
    GLOBAL_GOOD = "global_good", _("Global good / open-source software")
    TRAINING_COURSE = "training_course", _("Training course")
    DATASET = "dataset", _("Dataset")
    REPORT = "report", _("Report")


# ISO 639-1 codes offered for resources: the six UN languages first, then widely used ones.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("sw", _("Swahili")),
    ("am", _("Amharic")),
    ("ha", _("Hausa")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("ur", _("Urdu")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("id", _("Indonesian")),
    ("ms", _("Malay")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


class Licence(models.TextChoices):
    """SPDX identifiers of the licences normative resources usually carry."""

    CC_BY_NC_SA_3_IGO = "CC-BY-NC-SA-3.0-IGO", "CC BY-NC-SA 3.0 IGO"
    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC_4 = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA_4 = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    MIT = "MIT", "MIT"
    APACHE_2 = "Apache-2.0", "Apache 2.0"
    BSD_3 = "BSD-3-Clause", "BSD 3-Clause"
    GPL_3 = "GPL-3.0-only", "GPL 3.0"
    AGPL_3 = "AGPL-3.0-only", "AGPL 3.0"
    MPL_2 = "MPL-2.0", "MPL 2.0"
    EPL_2 = "EPL-2.0", "EPL 2.0"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")
