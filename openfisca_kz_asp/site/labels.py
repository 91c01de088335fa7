"""Interface words of the site in English, Russian and Kazakh.

The legal texts themselves come from the register (Russian verbatim, English unofficial); these
are only the site's own labels. The Kazakh terms follow ``shared/design/glossary.md``; a native
speaker should review them before a release.
"""

from __future__ import annotations

from openfisca_kz_asp.contract.languages import LANGUAGES  # one home of the languages

COLUMNS: tuple[str, str, str] = ("en", "ru", "kk")
"""How each entry below lists its texts (not a list of languages: that is ``LANGUAGES``)."""
if set(COLUMNS) != set(LANGUAGES):  # pragma: no cover - a language added without its texts
    msg = f"site labels are written in {COLUMNS}, the package speaks {LANGUAGES}"
    raise ImportError(msg)

LABELS: dict[str, tuple[str, str, str]] = {
    # key: (en, ru, kk), as COLUMNS
    "site_title": ("The law beside the code", "Закон рядом с кодом", "Заң мен код қатар"),
    "site_subtitle": (
        "Targeted social assistance (ASP): each provision, the code that implements it "
        "and the tests that check it",
        "Адресная социальная помощь (АСП): каждая норма, код, который ее реализует, "
        "и тесты, которые ее проверяют",
        "Атаулы әлеуметтік көмек (АӘК): әр норма, оны іске асыратын код және оны тексеретін тесттер",
    ),
    "home": ("Provisions", "Нормы", "Нормалар"),
    "all_parameters": ("Parameters", "Параметры", "Параметрлер"),
    "all_variables": ("Variables", "Переменные", "Айнымалылар"),
    "all_tests": ("Tests", "Тесты", "Тесттер"),
    "poverty_lines": ("Poverty lines", "Черта бедности", "Кедейлік шегі"),
    "poverty_lines_intro": (
        "The poverty line the package applies for each region and application quarter, 2018–2026 "
        "(KZT per person per month), with the basis of each value. E and F cells are estimates: the "
        "regional minimum behind them was not published in the sources read (docs/poverty_line.md).",
        "Черта бедности, которую применяет пакет, по каждому региону и кварталу обращения, 2018–2026 "
        "(тенге на человека в месяц), с основанием каждого значения. Ячейки E и F — оценки: "
        "региональный прожиточный минимум для них в использованных источниках не опубликован.",
        "Пакет әр өңір мен өтініш тоқсаны үшін қолданатын кедейлік шегі, 2018–2026 (адамға айына "
        "теңге), әр мәннің негізімен. E және F ұяшықтары — бағалау: олардың өңірлік ең төмен "
        "күнкөріс деңгейі пайдаланылған дереккөздерде жарияланбаған.",
    ),
    "quarter": ("Quarter", "Квартал", "Тоқсан"),
    "sources": ("Sources", "Источники", "Дереккөздер"),
    "minimum_of_reference_quarter": (
        "subsistence minimum of the previous quarter",
        "прожиточный минимум предыдущего квартала",
        "алдыңғы тоқсандағы ең төмен күнкөріс деңгейі",
    ),
    "basis_published": (
        "published for the region and quarter",
        "опубликована для региона на квартал",
        "өңір үшін тоқсанға жарияланған",
    ),
    "basis_national_2019": (
        "single national line, April–September 2019",
        "единая черта по республике, апрель–сентябрь 2019",
        "республика бойынша бірыңғай шек, 2019 жылғы сәуір–қыркүйек",
    ),
    "basis_regional_minimum": (
        "rate × the region's published minimum",
        "доля × опубликованный ПМ региона",
        "үлес × өңірдің жарияланған ЕТКД",
    ),
    "basis_estimated": (
        "rate × an ESTIMATED minimum",
        "доля × ОЦЕНКА прожиточного минимума",
        "үлес × ең төмен күнкөріс деңгейінің БАҒАЛАУЫ",
    ),
    "basis_projected": (
        "rate × a PROJECTED minimum",
        "доля × ПРОГНОЗ прожиточного минимума",
        "үлес × ең төмен күнкөріс деңгейінің БОЛЖАМЫ",
    ),
    "coverage": ("Coverage", "Покрытие", "Қамту"),
    "provisions": ("provisions", "норм", "норма"),
    "status": ("Status", "Статус", "Мәртебесі"),
    "encoded": ("encoded", "закодировано", "кодталған"),
    "partly_encoded": ("partly encoded", "частично закодировано", "ішінара кодталған"),
    "out_of_scope": ("out of scope", "вне модели", "модельден тыс"),
    "not_retrieved": ("text not retrieved", "текст не получен", "мәтін алынбады"),
    "tested": ("tested", "проверено тестами", "тесттермен тексерілген"),
    "untested": ("no test yet", "тестов пока нет", "әзірге тест жоқ"),
    "tested_directly": ("named by a test", "названо в тесте", "тестте аталған"),
    "of_encoded": (
        "of the encoded and partly encoded",
        "из закодированных полностью или частично",
        "толық немесе ішінара кодталғандардың",
    ),
    "problems": ("Problems found", "Обнаруженные проблемы", "Анықталған мәселелер"),
    "no_problems": ("No problem found.", "Проблем не обнаружено.", "Мәселе табылған жоқ."),
    "id": ("Id", "Идентификатор", "Идентификатор"),
    "title": ("Title", "Заголовок", "Тақырыбы"),
    "in_force": ("In force", "Действует", "Күшінде"),
    "from": ("from", "с", "бастап"),
    "to": ("to", "по", "дейін"),
    "not_stated": ("not stated", "не указано", "көрсетілмеген"),
    "still_in_force": ("still in force", "действует", "күшінде"),
    "wording": ("Wording", "Редакция", "Редакция"),
    "history": (
        "Amendment notes (verbatim)",
        "Сведения об изменениях (дословно)",
        "Өзгерістер туралы мәліметтер (сөзбе-сөз)",
    ),
    "text_ru": ("Text (Russian, verbatim)", "Текст (русский, дословно)", "Мәтін (орысша, сөзбе-сөз)"),
    "text_en": (
        "English rendering (unofficial)",
        "Перевод на английский (неофициальный)",
        "Ағылшынша аудармасы (ресми емес)",
    ),
    "text_note": ("About the text", "О тексте", "Мәтін туралы"),
    "missing": ("Not encoded", "Не закодировано", "Кодталмаған"),
    "reason": ("Why out of scope", "Почему вне модели", "Неге модельден тыс"),
    "notes": ("Notes", "Примечания", "Ескертпелер"),
    "successor": (
        "Replaced by (Social Code)",
        "Заменено (Социальный кодекс)",
        "Ауыстырылды (Әлеуметтік кодекс)",
    ),
    "predecessor": ("Replaces", "Заменяет", "Ауыстырады"),
    "parent": ("Part of", "Входит в", "Құрамында"),
    "children": ("Sub-provisions", "Составные части", "Құрамдас бөліктері"),
    "applied_through": ("Applied through", "Применяется через", "Арқылы қолданылады"),
    "implemented_by": ("Implemented by", "Реализовано в коде", "Кодта іске асырылған"),
    "variables": ("Variables", "Переменные", "Айнымалылар"),
    "parameters": ("Parameters", "Параметры", "Параметрлер"),
    "via": ("through", "через", "арқылы"),
    "none_direct": (
        "None names this provision directly.",
        "Ни один не ссылается на эту норму напрямую.",
        "Бұл нормаға тікелей сілтеме жоқ.",
    ),
    "tests": ("Tests", "Тесты", "Тесттер"),
    "tests_via": ("Tests of its sub-provisions", "Тесты составных частей", "Құрамдас бөліктерінің тесттері"),
    "no_tests": (
        "No YAML test names this provision.",
        "Ни один YAML-тест не называет эту норму.",
        "Бұл норманы бірде-бір YAML-тест атамайды.",
    ),
    "source": ("Source", "Источник", "Дереккөз"),
    "period": ("Period", "Период", "Кезең"),
    "file": ("File", "Файл", "Файл"),
    "keywords": ("Provisions checked", "Проверяемые нормы", "Тексерілетін нормалар"),
    "family": ("The family", "Семья", "Отбасы"),
    "person": ("Person", "Лицо", "Тұлға"),
    "household": ("Household", "Семья (домохозяйство)", "Отбасы (үй шаруашылығы)"),
    "role": ("Role", "Роль", "Рөлі"),
    "inputs": ("Inputs", "Исходные данные", "Бастапқы деректер"),
    "expected": ("Expected result", "Ожидаемый результат", "Күтілетін нәтиже"),
    "comment": ("The test's comment", "Комментарий к тесту", "Тестке түсініктеме"),
    "reforms": ("Reforms applied", "Применяемые реформы", "Қолданылатын реформалар"),
    "value": ("Value", "Значение", "Мәні"),
    "values_history": ("Dated values", "Значения по датам", "Күндер бойынша мәндер"),
    "reference": ("Reference", "Основание", "Негіздеме"),
    "chart": ("Values over time", "Значения во времени", "Уақыт бойынша мәндер"),
    "unit": ("Unit", "Единица", "Өлшем бірлігі"),
    "documentation": ("Documentation", "Пояснение", "Түсіндірме"),
    "entity": ("Entity", "Сущность", "Субъект"),
    "definition_period": ("Period of definition", "Период определения", "Анықтау кезеңі"),
    "type": ("Type", "Тип", "Түрі"),
    "input_variable": (
        "input (given by the user)",
        "входные данные (задаются пользователем)",
        "кіріс деректер (пайдаланушы береді)",
    ),
    "computed": ("computed by a formula", "вычисляется по формуле", "формуламен есептеледі"),
    "default": ("Default", "По умолчанию", "Әдепкі"),
    "source_file": ("Source file", "Файл с кодом", "Код файлы"),
    "formula": ("Formula (Python), from", "Формула (Python), с", "Формула (Python), бастап"),
    "links": ("Links", "Ссылки", "Сілтемелер"),
    "labels": ("Labels", "Названия", "Атаулары"),
    "inherited_from": ("inherited from the node", "унаследовано от узла", "түйіннен мұраға қалған"),
    "used_by": ("Provisions", "Нормы", "Нормалар"),
    "latest_value": ("Latest value", "Последнее значение", "Соңғы мәні"),
    "language": ("Language", "Язык", "Тіл"),
    "generated": ("Generated by", "Создано командой", "Жасаған команда"),
    "how_to_read": ("How to read this site", "Как читать этот сайт", "Бұл сайтты қалай оқу керек"),
    "how_to_read_text": (
        "Each provision has a page: its Russian text as in the law, an unofficial English rendering, "
        "its dates, its status, the variables and parameters that implement it, and the tests that check "
        "it, as tables. "
        "Numbers are counted for the encoded and partly encoded provisions.",
        "У каждой нормы есть страница: ее текст на русском языке, как в законе, неофициальный перевод на "
        "английский, даты, статус, переменные и параметры, которые ее реализуют, и тесты в виде таблиц. "
        "Числа подсчитаны для закодированных полностью или частично норм.",
        "Әр норманың беті бар: заңдағыдай орысша мәтіні, ағылшынша ресми емес аудармасы, күндері, мәртебесі, "
        "оны іске асыратын айнымалылар мен параметрлер және кесте түріндегі тесттер.",
    ),
    "untested_list": (
        "Encoded provisions with no test yet",
        "Закодированные нормы без тестов",
        "Тесті жоқ кодталған нормалар",
    ),
    "back_to_top": ("Back to the index", "К оглавлению", "Мазмұнға оралу"),
    "test_count": ("tests", "тестов", "тест"),
    "variable_count": ("variables", "переменных", "айнымалы"),
    "parameter_count": ("parameters", "параметров", "параметр"),
    "name": ("Name", "Имя", "Аты"),
    "cited_as": ("Cited as", "Цитируется как", "Сілтеме"),
    "until_code": ("until 30 June 2023", "до 30 июня 2023 года", "2023 жылғы 30 маусымға дейін"),
    "from_code": ("from 1 July 2023", "с 1 июля 2023 года", "2023 жылғы 1 шілдеден бастап"),
    "in_force_on": ("in force", "в период действия", "қолданылу кезеңінде"),
    "primary_act": ("The act (adilet.zan.kz)", "Акт (adilet.zan.kz)", "Акт (adilet.zan.kz)"),
    "confidence": ("confidence", "достоверность", "сенімділік"),
}


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (en, ru or kk)."""
    return LABELS[key][COLUMNS.index(lang)]
