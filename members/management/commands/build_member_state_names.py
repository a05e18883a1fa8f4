"""Write members/data/member_state_names.csv: member-state names in Arabic, Chinese, Russian and
Spanish. Run again only when the member-state list changes; the CSV is committed.

Source: the Unicode CLDR territory names (through babel), keyed by ISO 3166 alpha-2, corrected
below to the United Nations' official short names where CLDR uses a colloquial form (e.g. "South
Korea" for "Republic of Korea"). English and French come from the WHO list itself.
"""

import csv
from pathlib import Path

from babel import Locale
from django.core.management.base import BaseCommand

DATA = Path(__file__).resolve().parents[2] / "data"
LANGUAGES = {"ar": "ar", "es": "es", "ru": "ru", "zh_hans": "zh_Hans"}

# United Nations official short names (UNTERM) where CLDR differs: iso3 -> {column: name}.
UN_NAMES = {
    "BOL": {
        "ar": "بوليفيا (دولة - المتعددة القوميات)",
        "es": "Bolivia (Estado Plurinacional de)",
        "ru": "Боливия (Многонациональное Государство)",
        "zh_hans": "玻利维亚（多民族国）",
    },
    "BRN": {
        "ar": "بروني دار السلام",
        "es": "Brunei Darussalam",
        "ru": "Бруней-Даруссалам",
        "zh_hans": "文莱达鲁萨兰国",
    },
    "CIV": {"ar": "كوت ديفوار", "es": "Côte d'Ivoire", "ru": "Кот-д'Ивуар", "zh_hans": "科特迪瓦"},
    "COD": {
        "ar": "جمهورية الكونغو الديمقراطية",
        "es": "República Democrática del Congo",
        "ru": "Демократическая Республика Конго",
        "zh_hans": "刚果民主共和国",
    },
    "COG": {"ar": "الكونغو", "es": "Congo", "ru": "Конго", "zh_hans": "刚果"},
    "CPV": {"ar": "كابو فيردي", "es": "Cabo Verde", "ru": "Кабо-Верде", "zh_hans": "佛得角"},
    "CZE": {"ar": "تشيكيا"},
    "FSM": {
        "ar": "ميكرونيزيا (ولايات - الموحدة)",
        "es": "Micronesia (Estados Federados de)",
        "ru": "Микронезия (Федеративные Штаты)",
        "zh_hans": "密克罗尼西亚（联邦）",
    },
    "GBR": {
        "ar": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "es": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "ru": "Соединенное Королевство Великобритании и Северной Ирландии",
        "zh_hans": "大不列颠及北爱尔兰联合王国",
    },
    "IRN": {
        "ar": "إيران (جمهورية - الإسلامية)",
        "es": "Irán (República Islámica del)",
        "ru": "Иран (Исламская Республика)",
        "zh_hans": "伊朗（伊斯兰共和国）",
    },
    "KOR": {
        "ar": "جمهورية كوريا",
        "es": "República de Corea",
        "ru": "Республика Корея",
        "zh_hans": "大韩民国",
    },
    "LAO": {
        "ar": "جمهورية لاو الديمقراطية الشعبية",
        "es": "República Democrática Popular Lao",
        "ru": "Лаосская Народно-Демократическая Республика",
        "zh_hans": "老挝人民民主共和国",
    },
    "MDA": {
        "ar": "جمهورية مولدوفا",
        "es": "República de Moldova",
        "ru": "Республика Молдова",
        "zh_hans": "摩尔多瓦共和国",
    },
    "MMR": {"ar": "ميانمار", "es": "Myanmar", "ru": "Мьянма", "zh_hans": "缅甸"},
    "PRK": {
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "es": "República Popular Democrática de Corea",
        "ru": "Корейская Народно-Демократическая Республика",
        "zh_hans": "朝鲜民主主义人民共和国",
    },
    "RUS": {
        "ar": "الاتحاد الروسي",
        "es": "Federación de Rusia",
        "ru": "Российская Федерация",
        "zh_hans": "俄罗斯联邦",
    },
    "SYR": {
        "ar": "الجمهورية العربية السورية",
        "es": "República Árabe Siria",
        "ru": "Сирийская Арабская Республика",
        "zh_hans": "阿拉伯叙利亚共和国",
    },
    "TUR": {"es": "Türkiye"},
    "TZA": {
        "ar": "جمهورية تنزانيا المتحدة",
        "es": "República Unida de Tanzanía",
        "ru": "Объединенная Республика Танзания",
        "zh_hans": "坦桑尼亚联合共和国",
    },
    "USA": {
        "ar": "الولايات المتحدة الأمريكية",
        "es": "Estados Unidos de América",
        "ru": "Соединенные Штаты Америки",
        "zh_hans": "美利坚合众国",
    },
    "VEN": {
        "ar": "فنزويلا (جمهورية - البوليفارية)",
        "es": "Venezuela (República Bolivariana de)",
        "ru": "Венесуэла (Боливарианская Республика)",
        "zh_hans": "委内瑞拉（玻利瓦尔共和国）",
    },
    "VNM": {"ar": "فييت نام", "es": "Viet Nam", "ru": "Вьетнам", "zh_hans": "越南"},
    "COK": {"ru": "Острова Кука"},
    "MHL": {"ru": "Маршалловы Острова"},
    "SLB": {"ru": "Соломоновы Острова"},
    "SYC": {"ru": "Сейшельские Острова"},
    "SAU": {"es": "Arabia Saudita"},
    "BLR": {"es": "Belarús", "ru": "Беларусь"},
    "SWZ": {"es": "Eswatini"},
    "SUR": {"es": "Suriname"},
    "GNB": {"es": "Guinea-Bissau"},
    "PLW": {"es": "Palau"},
    # Spanish: the UN keeps the local spelling where CLDR follows the Spanish Academy.
    "BGD": {"es": "Bangladesh"},
    "BHR": {"es": "Bahrein"},
    "BWA": {"es": "Botswana"},
    "DJI": {"es": "Djibouti"},
    "FJI": {"es": "Fiji"},
    "IRQ": {"es": "Iraq"},
    "KEN": {"es": "Kenya"},
    "LSO": {"es": "Lesotho"},
    "MWI": {"es": "Malawi"},
    "PNG": {"es": "Papua Nueva Guinea"},
    "QAT": {"es": "Qatar"},
    "RWA": {"es": "Rwanda"},
    "ZWE": {"es": "Zimbabwe"},
}


class Command(BaseCommand):
    help = "Write members/data/member_state_names.csv from CLDR, corrected to UN official names."

    def handle(self, *args, **options):
        with (DATA / "who_member_states.csv").open(encoding="utf-8") as source:
            states = list(csv.DictReader(source))
        territories = {column: Locale.parse(code).territories for column, code in LANGUAGES.items()}
        target = DATA / "member_state_names.csv"
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["iso3", *(f"name_{column}" for column in LANGUAGES)])
            for state in states:
                overrides = UN_NAMES.get(state["iso3"], {})
                names = [
                    overrides.get(column) or territories[column].get(state["iso2"], "")
                    for column in LANGUAGES
                ]
                writer.writerow([state["iso3"], *(name.replace("’", "'") for name in names)])
        self.stdout.write(f"Wrote {len(states)} member states to {target}")
