"""Small reference tables used by the normalisers.

Kept as Python constants so mypy sees their types, except the long list of legal forms, a
data file read on first use (``data/legal_forms.tsv``).  The constants are deliberately
short: each entry must earn its place by being common in real CRM exports.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import polars as pl

# English given-name nicknames -> canonical form.  Ambiguous nicknames ("al", "chris") map to
# the most common full name; the comparison treats a canonical match as weaker evidence than
# an exact one, so a wrong guess costs little.
_NICKNAME_GROUPS: dict[str, tuple[str, ...]] = {
    "william": ("bill", "billy", "will", "willy", "willie", "liam"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "richard": ("dick", "rick", "ricky", "rich", "richie"),
    "james": ("jim", "jimmy", "jamie"),
    "john": ("jack", "johnny", "jon"),
    "jonathan": ("jonny",),
    "michael": ("mike", "mikey", "mick", "mickey"),
    "thomas": ("tom", "tommy"),
    "joseph": ("joe", "joey", "jo"),
    "charles": ("charlie", "chuck", "chas"),
    "christopher": ("chris", "kit"),
    "christine": ("chrissy", "tina"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "anthony": ("tony",),
    "andrew": ("andy", "drew"),
    "alexander": ("alex", "xander", "sasha"),
    "alexandra": ("alexa", "lexi"),
    "benjamin": ("ben", "benny", "benji"),
    "matthew": ("matt", "matty"),
    "nicholas": ("nick", "nicky"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "samuel": ("sam", "sammy"),
    "stephen": ("steve", "stevie", "steven"),
    "timothy": ("tim", "timmy"),
    "gregory": ("greg",),
    "jeffrey": ("jeff", "geoff", "geoffrey"),
    "kenneth": ("ken", "kenny"),
    "lawrence": ("larry", "laurence"),
    "leonard": ("leo", "len", "lenny"),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donnie"),
    "douglas": ("doug",),
    "frederick": ("fred", "freddie", "freddy"),
    "gerald": ("gerry", "jerry"),
    "harold": ("harry", "hal"),
    "henry": ("hank",),
    "joshua": ("josh",),
    "nathaniel": ("nate", "nathan", "nat"),
    "phillip": ("phil", "philip"),
    "raymond": ("ray",),
    "walter": ("walt", "wally"),
    "zachary": ("zach", "zack"),
    "elizabeth": (
        "liz",
        "lizzie",
        "lizzy",
        "beth",
        "betty",
        "betsy",
        "eliza",
        "libby",
        "elisabeth",
    ),
    "margaret": ("maggie", "meg", "peggy", "marge", "margie", "greta"),
    "katherine": ("kate", "katie", "kathy", "kat", "kitty", "catherine", "kathryn", "cathy"),
    "jennifer": ("jen", "jenny", "jenn"),
    "jessica": ("jess", "jessie"),
    "rebecca": ("becky", "becca"),
    "deborah": ("deb", "debbie", "debby", "debra"),
    "patricia": ("patty", "pattie", "trish", "tricia"),
    "susan": ("sue", "susie", "suzy"),
    "victoria": ("vicky", "vicki", "tori"),
    "abigail": ("abby", "gail"),
    "barbara": ("barb", "babs"),
    "dorothy": ("dot", "dottie"),
    "eleanor": ("ellie", "nell", "nora"),
    "frances": ("fran", "frankie"),
    "francis": ("frank",),
    "judith": ("judy",),
    "kimberly": ("kim",),
    "pamela": ("pam",),
    "samantha": ("sammie",),
    "sandra": ("sandy",),
    "teresa": ("terry", "tess", "theresa"),
    "amanda": ("mandy",),
    "cynthia": ("cindy",),
    "jacqueline": ("jackie",),
    "stephanie": ("steph",),
    "valerie": ("val",),
    "christina": ("christy",),
    "allison": ("allie", "ali"),
    "angela": ("angie",),
    "caroline": ("carol", "carrie"),
    "melissa": ("mel", "missy"),
}

NICKNAMES: dict[str, str] = {
    nick: full for full, nicks in _NICKNAME_GROUPS.items() for nick in nicks
}


@functools.cache
def nickname_pairs() -> pl.Series:
    """'a|b' (a < b) for every name and nickname of it: the hand table above plus the
    `nicknames` package (a curated data set of ~2,700 English name/nickname relations,
    Nikki/Nicole, Jake/Jacob, Ted/Theodore).  Only direct relations count: two nicknames of
    one name are not linked to each other, since many nicknames serve several names."""
    rel = [(full, nick) for full, nicks in _NICKNAME_GROUPS.items() for nick in nicks]
    try:
        from nicknames import NickNamer
    except ImportError:  # pragma: no cover - the hand table alone
        pass
    else:
        lookup = NickNamer().nickname_lookup
        rel += [(full, nick) for full, nicks in sorted(lookup.items()) for nick in sorted(nicks)]
    keys = sorted({f"{min(x, y)}|{max(x, y)}" for x, y in rel if x != y})
    return pl.Series("pair", keys, dtype=pl.String)


@dataclass(frozen=True)
class LegalForms:
    """The legal forms of ``data/legal_forms.tsv`` by where they are removed, as written
    (lower case); :mod:`crmhealth.checks.fuzzy.normalize` cleans them like company names."""

    end: tuple[str, ...]  # removed from the end, repeatedly
    start: tuple[str, ...]  # removed from the start
    bracket: tuple[str, ...]  # removed anywhere, brackets included


@functools.cache
def legal_forms() -> LegalForms:
    """Read the legal-form data file shipped with the package (see its header for sources)."""
    from importlib.resources import files

    text = files("crmhealth.checks.fuzzy").joinpath("data/legal_forms.tsv").read_text("utf-8")
    found: dict[str, list[str]] = {"end": [], "start": [], "bracket": []}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, where = line.split("\t")[:2]
        found[where].append(form.strip().lower())
    return LegalForms(tuple(found["end"]), tuple(found["start"]), tuple(found["bracket"]))


# Provinces, autonomous regions and the larger cities; a leading one is a location, not part
# of the brand (北京星辰科技有限公司 = 星辰科技).  Matched with an optional 省/市/自治区 suffix.
ZH_PLACES: tuple[str, ...] = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "苏州",
    "成都",
    "武汉",
    "西安",
    "长沙",
    "郑州",
    "青岛",
    "大连",
    "宁波",
    "厦门",
    "沈阳",
    "济南",
    "合肥",
    "福州",
    "无锡",
    "东莞",
    "佛山",
    "昆明",
    "哈尔滨",
    "长春",
    "石家庄",
    "南昌",
    "南宁",
    "贵阳",
    "太原",
    "兰州",
    "珠海",
    "温州",
    "常州",
    "烟台",
    "中山",
    "泉州",
    "嘉兴",
    "绍兴",
    "惠州",
    "台州",
    "徐州",
    "海口",
)

# Street-type abbreviations -> full word (applied token by token to lower-cased addresses).
ADDRESS_ABBREVIATIONS: dict[str, str] = {
    "st": "street",
    "str": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "dr": "drive",
    "ln": "lane",
    "ct": "court",
    "crt": "court",
    "pl": "place",
    "sq": "square",
    "hwy": "highway",
    "pkwy": "parkway",
    "cres": "crescent",
    "cct": "circuit",
    "cir": "circle",
    "tce": "terrace",
    "ter": "terrace",
    "pde": "parade",
    "esp": "esplanade",
    "cl": "close",
    "gr": "grove",
    "mt": "mount",
    "apt": "apartment",
    "ste": "suite",
    "fl": "floor",
    "bldg": "building",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "ne": "northeast",
    "nw": "northwest",
    "se": "southeast",
    "sw": "southwest",
    "no": "number",
    "rm": "room",
    "vlge": "village",
    "hts": "heights",
}

# Free-mail providers: the same local part at two of these is weaker evidence than at a
# company domain, and a shared domain among them says nothing.
FREE_MAIL_DOMAINS: tuple[str, ...] = (
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "yeah.net",
    "139.com",
    "foxmail.com",
    "aliyun.com",
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.com.cn",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "mail.com",
    "gmx.com",
    "gmx.de",
    "web.de",
    "yandex.ru",
)
