"""Member-state and WHO region names in the UN languages that have no column in the database.

English and French live in the `name_en`/`name_fr` columns (from the WHO list). Arabic, Chinese,
Russian and Spanish come from shipped, read-only data: `data/member_state_names.csv` (built by
`manage.py build_member_state_names`: UN official short names, CLDR otherwise) and the WHO's own
region names below.
"""

import csv
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# The WHO's names of its six regions in its other official languages.
REGION_NAMES = {
    "AFR": {
        "ar": "إقليم أفريقيا",
        "es": "Región de África",
        "ru": "Африканский регион",
        "zh_hans": "非洲区域",
    },
    "AMR": {
        "ar": "إقليم الأمريكتين",
        "es": "Región de las Américas",
        "ru": "Регион стран Америки",
        "zh_hans": "美洲区域",
    },
    "SEAR": {
        "ar": "إقليم جنوب شرق آسيا",
        "es": "Región de Asia Sudoriental",
        "ru": "Регион Юго-Восточной Азии",
        "zh_hans": "东南亚区域",
    },
    "EUR": {
        "ar": "الإقليم الأوروبي",
        "es": "Región de Europa",
        "ru": "Европейский регион",
        "zh_hans": "欧洲区域",
    },
    "EMR": {
        "ar": "إقليم شرق المتوسط",
        "es": "Región del Mediterráneo Oriental",
        "ru": "Регион Восточного Средиземноморья",
        "zh_hans": "东地中海区域",
    },
    "WPR": {
        "ar": "إقليم غرب المحيط الهادئ",
        "es": "Región del Pacífico Occidental",
        "ru": "Регион западной части Тихого океана",
        "zh_hans": "西太平洋区域",
    },
}


def language_key(language_code):
    """`zh-hans` -> `zh_hans`, `es-ar` -> `es`: the key of a language in the tables above."""
    code = (language_code or "en").lower().replace("-", "_")
    return code if code == "zh_hans" else code.split("_")[0]


@cache
def member_state_names():
    """{iso3: {language key: name}} from the shipped CSV (read once per process, never written)."""
    with (DATA / "member_state_names.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    return {
        row["iso3"]: {key.removeprefix("name_"): value for key, value in row.items() if value}
        for row in rows
    }


def member_state_name(iso3, language_code):
    return member_state_names().get(iso3, {}).get(language_key(language_code), "")


def region_name(code, language_code):
    return REGION_NAMES.get(code, {}).get(language_key(language_code), "")


# The seven GDHM components in the languages without a column (the table has English and French).
COMPONENT_NAMES = {
    1: {
        "ar": "القيادة والحوكمة",
        "es": "Liderazgo y gobernanza",
        "ru": "Руководство и управление",
        "zh_hans": "领导与治理",
    },
    2: {
        "ar": "الاستراتيجية والاستثمار",
        "es": "Estrategia e inversión",
        "ru": "Стратегия и инвестиции",
        "zh_hans": "战略与投资",
    },
    3: {
        "ar": "التشريعات والسياسات والامتثال",
        "es": "Legislación, políticas y cumplimiento",
        "ru": "Законодательство, политика и соблюдение требований",
        "zh_hans": "立法、政策与合规",
    },
    4: {
        "ar": "القوى العاملة",
        "es": "Fuerza laboral",
        "ru": "Кадровые ресурсы",
        "zh_hans": "卫生人力",
    },
    5: {
        "ar": "المعايير والتشغيل البيني",
        "es": "Normas e interoperabilidad",
        "ru": "Стандарты и функциональная совместимость",
        "zh_hans": "标准与互操作性",
    },
    6: {
        "ar": "البنية التحتية",
        "es": "Infraestructura",
        "ru": "Инфраструктура",
        "zh_hans": "基础设施",
    },
    7: {
        "ar": "الخدمات والتطبيقات",
        "es": "Servicios y aplicaciones",
        "ru": "Услуги и приложения",
        "zh_hans": "服务与应用",
    },
}


def component_name(number, language_code):
    return COMPONENT_NAMES.get(number, {}).get(language_key(language_code), "")


def iso3_matching(text):
    """ISO alpha-3 codes of the member states whose name in any shipped language contains `text`."""
    needle = text.casefold()
    return [
        iso3
        for iso3, names in member_state_names().items()
        if any(needle in name.casefold() for key, name in names.items() if key != "iso3")
    ]


@lru_cache(maxsize=4096)
def name_sort_key(name):
    """Sort key that ignores case and accents ("Égypte" sorts with "Egypte"); a function of
    the name alone, kept for the names seen last (the lists sort the same 194 on each request)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
