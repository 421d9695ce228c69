"""Name, company, city and phone pools for the synthetic CRM contact generator.

Everything here is plain data (plus a couple of tiny lookup helpers) so that the generator can
turn it into numpy/polars arrays once and then draw millions of records by integer indexing.
Frequencies are approximate and only need to be *realistic in shape*: a few very common values
(王, 李, 张, 伟, Smith, John, ...) and a long tail, so that namesakes occur naturally.
"""

from __future__ import annotations

from functools import lru_cache

# --------------------------------------------------------------------------------------------
# Chinese names
# --------------------------------------------------------------------------------------------

#: (surname, pinyin, approximate share in % of the population), most common first.
CN_SURNAMES: list[tuple[str, str, float]] = [
    ("王", "Wang", 7.12), ("李", "Li", 7.00), ("张", "Zhang", 6.74), ("刘", "Liu", 5.38),
    ("陈", "Chen", 4.53), ("杨", "Yang", 3.08), ("黄", "Huang", 2.23), ("赵", "Zhao", 2.19),
    ("吴", "Wu", 2.05), ("周", "Zhou", 1.91), ("徐", "Xu", 1.33), ("孙", "Sun", 1.29),
    ("马", "Ma", 1.21), ("朱", "Zhu", 1.15), ("胡", "Hu", 1.09), ("郭", "Guo", 0.95),
    ("何", "He", 0.91), ("林", "Lin", 0.88), ("高", "Gao", 0.87), ("罗", "Luo", 0.87),
    ("郑", "Zheng", 0.74), ("梁", "Liang", 0.72), ("谢", "Xie", 0.59), ("宋", "Song", 0.54),
    ("唐", "Tang", 0.54), ("许", "Xu", 0.52), ("韩", "Han", 0.51), ("冯", "Feng", 0.49),
    ("邓", "Deng", 0.48), ("曹", "Cao", 0.46), ("彭", "Peng", 0.44), ("曾", "Zeng", 0.43),
    ("肖", "Xiao", 0.42), ("田", "Tian", 0.39), ("董", "Dong", 0.39), ("潘", "Pan", 0.37),
    ("袁", "Yuan", 0.37), ("蔡", "Cai", 0.35), ("蒋", "Jiang", 0.34), ("余", "Yu", 0.34),
    ("于", "Yu", 0.33), ("杜", "Du", 0.33), ("叶", "Ye", 0.32), ("程", "Cheng", 0.31),
    ("魏", "Wei", 0.30), ("苏", "Su", 0.30), ("吕", "Lyu", 0.30), ("丁", "Ding", 0.30),
    ("任", "Ren", 0.29), ("卢", "Lu", 0.28), ("姚", "Yao", 0.28), ("沈", "Shen", 0.28),
    ("钟", "Zhong", 0.27), ("姜", "Jiang", 0.27), ("崔", "Cui", 0.27), ("谭", "Tan", 0.26),
    ("陆", "Lu", 0.25), ("范", "Fan", 0.24), ("汪", "Wang", 0.24), ("廖", "Liao", 0.24),
    ("石", "Shi", 0.24), ("金", "Jin", 0.24), ("韦", "Wei", 0.23), ("贾", "Jia", 0.23),
    ("夏", "Xia", 0.22), ("付", "Fu", 0.22), ("方", "Fang", 0.22), ("邹", "Zou", 0.21),
    ("熊", "Xiong", 0.21), ("白", "Bai", 0.21), ("孟", "Meng", 0.20), ("秦", "Qin", 0.20),
    ("邱", "Qiu", 0.20), ("侯", "Hou", 0.19), ("江", "Jiang", 0.19), ("尹", "Yin", 0.19),
    ("薛", "Xue", 0.18), ("闫", "Yan", 0.18), ("段", "Duan", 0.17), ("雷", "Lei", 0.17),
    ("龙", "Long", 0.16), ("黎", "Li", 0.16), ("史", "Shi", 0.16), ("陶", "Tao", 0.16),
    ("贺", "He", 0.15), ("毛", "Mao", 0.15), ("郝", "Hao", 0.15), ("顾", "Gu", 0.14),
    ("龚", "Gong", 0.14), ("邵", "Shao", 0.14), ("万", "Wan", 0.13), ("覃", "Qin", 0.13),
    ("武", "Wu", 0.13), ("钱", "Qian", 0.13), ("戴", "Dai", 0.13), ("严", "Yan", 0.13),
    ("莫", "Mo", 0.12), ("孔", "Kong", 0.12), ("向", "Xiang", 0.12), ("常", "Chang", 0.12),
    ("欧阳", "Ouyang", 0.05), ("司马", "Sima", 0.01), ("诸葛", "Zhuge", 0.01),
    ("上官", "Shangguan", 0.01),
]  # fmt: skip

#: Whole given names that really are very frequent, most common first (Zipf-weighted).
CN_COMMON_GIVEN: list[str] = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "华", "玉兰", "萍", "红", "建华", "文",
    "斌", "辉", "鹏", "飞", "婷", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙",
    "林", "欢", "佳", "阳", "建国", "建军", "志强", "海燕", "晓燕", "丹", "玲", "桂兰", "秀珍",
    "淑珍", "子轩", "浩然", "梓涵", "欣怡", "一诺", "子涵", "雨涵", "宇轩", "思彤", "俊杰",
    "晨", "颖", "琳", "雪", "倩", "慧", "晶", "莉", "燕", "波", "亮", "鑫", "昊", "博",
]  # fmt: skip

#: Characters used to compose less common 1–2 character given names.
CN_GIVEN_CHARS: str = (
    "子梓宇浩轩涵欣怡雨思俊杰晨泽博文嘉一诺明志建国华海晓小春秋冬雪丽美佳婷静敏慧颖琳玉兰英"
    "秀芳红霞燕凤娟洁莉萍丹晶月云天辰星阳光鹏飞翔龙虎强勇军伟刚磊斌波涛峰亮鑫凯健康安宁平新"
    "成永德福立振家瑞祥荣昌宏远达哲睿航然逸铭彤琪瑶璐蕾薇露洋宸煜昕悦可馨妍岚蓉菲婧倩芸"
)

#: Homophones / near-homophones commonly confused when a name is typed by ear.
CN_HOMOPHONES: dict[str, str] = {
    "伟": "玮", "静": "婧", "丽": "莉", "华": "桦", "军": "君", "敏": "珉", "杰": "洁",
    "明": "铭", "涛": "韬", "婷": "亭", "琳": "霖", "芳": "方", "红": "虹", "平": "萍",
    "文": "雯", "建": "健", "志": "智", "燕": "艳", "勇": "永", "鹏": "朋", "飞": "菲",
    "斌": "彬", "辉": "晖", "峰": "锋", "宇": "雨", "浩": "昊", "轩": "萱", "涵": "晗",
    "欣": "昕", "怡": "仪", "俊": "骏", "晨": "辰", "嘉": "佳", "颖": "莹", "玉": "钰",
    "兰": "岚", "英": "瑛", "娟": "鹃", "洁": "杰", "莉": "丽", "萍": "平", "晶": "静",
    "云": "芸", "龙": "隆", "刚": "钢", "鑫": "欣", "凯": "恺", "健": "建", "宁": "凝",
    "新": "欣", "成": "诚", "瑞": "锐", "祥": "翔", "荣": "蓉", "宏": "鸿", "远": "元",
    "哲": "喆", "睿": "瑞", "航": "杭", "然": "冉", "铭": "明", "彤": "桐", "琪": "淇",
    "瑶": "遥", "璐": "露", "蕾": "磊", "薇": "微", "露": "璐", "宸": "辰", "煜": "昱",
    "悦": "越", "馨": "欣", "妍": "研", "岚": "兰", "蓉": "荣", "菲": "飞", "婧": "静",
    "倩": "茜", "芸": "云", "娜": "那", "强": "蔷", "磊": "蕾", "霞": "侠", "秀": "琇",
    "超": "潮", "亮": "良", "波": "博", "博": "波", "帆": "凡", "旭": "煦", "欢": "焕",
    "佳": "嘉", "阳": "扬", "雪": "薛", "慧": "惠", "晓": "筱",
    # surnames typed by ear
    "张": "章", "王": "汪", "刘": "柳", "徐": "许", "许": "徐", "吴": "伍", "杨": "阳",
    "李": "黎", "胡": "扈",
}  # fmt: skip

#: Simplified -> traditional forms (a record typed on a Taiwanese/HK keyboard or by a legacy
#: system). Only characters whose traditional form differs.
CN_TRADITIONAL: dict[str, str] = {
    "伟": "偉", "静": "靜", "丽": "麗", "华": "華", "军": "軍", "国": "國", "强": "強",
    "杰": "傑", "涛": "濤", "红": "紅", "兰": "蘭", "凤": "鳳", "龙": "龍", "刚": "剛",
    "凯": "凱", "宁": "寧", "飞": "飛", "鹏": "鵬", "辉": "輝", "东": "東", "晓": "曉",
    "云": "雲", "荣": "榮", "远": "遠", "达": "達", "颖": "穎", "轩": "軒", "泽": "澤",
    "诺": "諾", "洁": "潔", "阳": "陽", "铭": "銘", "瑶": "瑤", "岚": "嵐", "芸": "蕓",
    "帅": "帥", "欢": "歡", "艳": "艷",
    "刘": "劉", "陈": "陳", "张": "張", "杨": "楊", "黄": "黃", "赵": "趙", "吴": "吳",
    "孙": "孫", "马": "馬", "郑": "鄭", "罗": "羅", "谢": "謝", "许": "許", "韩": "韓",
    "冯": "馮", "邓": "鄧", "叶": "葉", "苏": "蘇", "吕": "呂", "卢": "盧", "钟": "鍾",
    "陆": "陸", "贾": "賈", "邹": "鄒", "顾": "顧", "龚": "龔", "钱": "錢", "严": "嚴",
    "欧": "歐", "诸": "諸", "汤": "湯",
}  # fmt: skip


@lru_cache(maxsize=1)
def char_pinyin() -> dict[str, str]:
    """Return a character -> lower-case pinyin (no tones) map for every character in the pools.

    Uses ``pypinyin`` (a core crmhealth dependency) once; surnames use the hand-written reading
    from :data:`CN_SURNAMES` because several surname readings differ from the default reading.
    """
    from pypinyin import lazy_pinyin

    chars = set(CN_GIVEN_CHARS) | set("".join(CN_COMMON_GIVEN))
    chars |= set(CN_HOMOPHONES) | set(CN_HOMOPHONES.values())
    chars |= set(CN_TRADITIONAL) | set(CN_TRADITIONAL.values())
    chars |= set("".join(CN_BRANDS)) | set(CN_BRAND_CHARS)
    ordered = sorted(chars)
    readings = lazy_pinyin("".join(ordered))
    table = dict(zip(ordered, readings, strict=True))
    table.update({"吕": "lyu", "曾": "zeng", "覃": "qin", "单": "shan", "长": "chang"})
    return table


# --------------------------------------------------------------------------------------------
# Chinese companies and places
# --------------------------------------------------------------------------------------------

#: (city, prefix used in company names, province prefix, pinyin, area code w/o trunk 0)
CN_CITIES: list[tuple[str, str, str, str, str]] = [
    ("北京", "北京", "", "Beijing", "10"), ("上海", "上海", "", "Shanghai", "21"),
    ("深圳", "深圳市", "广东省", "Shenzhen", "755"),
    ("广州", "广州市", "广东省", "Guangzhou", "20"),
    ("杭州", "杭州", "浙江省", "Hangzhou", "571"), ("成都", "成都", "四川省", "Chengdu", "28"),
    ("武汉", "武汉", "湖北省", "Wuhan", "27"), ("南京", "南京", "江苏省", "Nanjing", "25"),
    ("苏州", "苏州", "江苏省", "Suzhou", "512"), ("西安", "西安", "陕西省", "Xi'an", "29"),
    ("重庆", "重庆", "", "Chongqing", "23"), ("天津", "天津", "", "Tianjin", "22"),
    ("厦门", "厦门", "福建省", "Xiamen", "592"), ("青岛", "青岛", "山东省", "Qingdao", "532"),
    ("长沙", "长沙", "湖南省", "Changsha", "731"), ("郑州", "郑州", "河南省", "Zhengzhou", "371"),
]  # fmt: skip
#: Relative weights of the cities above (business activity, roughly).
CN_CITY_WEIGHTS: list[float] = [18, 18, 14, 10, 8, 5, 4, 4, 4, 3, 3, 3, 2, 2, 1, 1]

#: Brand names that exist verbatim (used first so the documented examples appear).
CN_BRANDS: list[str] = [
    "星辰", "华信", "腾飞", "恒通", "瑞达", "鼎盛", "远航", "金桥", "博远", "天成", "宏图",
    "联创", "中科", "新锐", "嘉禾", "百川", "海纳", "东方", "长城", "华夏", "盛世", "卓越",
    "智联", "云图", "启明", "凌云", "汇通", "永泰", "广源", "信达", "同创", "锦程", "弘毅",
    "蓝海", "润丰", "晨光", "天禾", "宏达", "德信", "明远",
]  # fmt: skip
#: Characters composed pairwise into further brands.
CN_BRAND_CHARS: str = (
    "星辰华信腾飞恒通瑞达鼎盛远航金桥博天成宏图联创中科新锐嘉禾百川"
    "海纳东方城夏世卓越智云启明凌汇永泰广源锦程弘毅蓝润丰合众隆兴昌泽鑫"
)

#: (industry, short English tag for the e-mail domain)
CN_INDUSTRIES: list[tuple[str, str]] = [
    ("科技", "tech"), ("贸易", "trade"), ("电子", "elec"), ("信息技术", "it"),
    ("网络科技", "net"), ("生物科技", "bio"), ("医药", "pharma"), ("物流", "logistics"),
    ("建设工程", "build"), ("文化传媒", "media"), ("教育咨询", "edu"), ("机械制造", "mach"),
    ("新能源", "energy"), ("实业", "ind"), ("投资管理", "invest"), ("食品", "food"),
    ("服饰", "fashion"), ("软件", "soft"), ("智能科技", "ai"), ("环保科技", "eco"),
    ("汽车零部件", "auto"), ("化工", "chem"), ("金融服务", "fin"), ("餐饮管理", "catering"),
]  # fmt: skip

#: Legal forms and their weights.
CN_LEGAL: list[tuple[str, float]] = [
    ("有限公司", 0.55), ("有限责任公司", 0.15), ("股份有限公司", 0.15), ("集团有限公司", 0.08),
    ("集团", 0.07),
]  # fmt: skip
#: What a legal form is sometimes written as in another record of the same company.
CN_LEGAL_VARIANTS: dict[str, list[str]] = {
    "有限公司": ["有限责任公司", "股份有限公司", "公司", "有限公司"],
    "有限责任公司": ["有限公司", "有限公司", "公司"],
    "股份有限公司": ["有限公司", "股份公司", "有限公司"],
    "集团有限公司": ["集团", "有限公司", "集团公司"],
    "集团": ["集团有限公司", "集团公司", "有限公司"],
}
CN_TLDS: list[tuple[str, float]] = [(".cn", 0.4), (".com.cn", 0.3), (".com", 0.3)]

#: Personal mail domains in China.
CN_PERSONAL_DOMAINS: list[tuple[str, float]] = [
    ("163.com", 0.35), ("126.com", 0.2), ("qq.com", 0.2), ("sina.com", 0.1),
    ("foxmail.com", 0.1), ("139.com", 0.05),
]  # fmt: skip

# Mobile prefixes (first three digits) in use, weighted by rough market share.
CN_MOBILE_PREFIXES: list[str] = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "176", "177", "178", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "195", "198", "199",
]  # fmt: skip

# --------------------------------------------------------------------------------------------
# English-speaking names
# --------------------------------------------------------------------------------------------

#: Given names, most common first (Zipf-weighted by rank).
EN_FIRST: list[str] = [
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
    "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Margaret",
    "Anthony", "Sandra", "Mark", "Ashley", "Donald", "Kimberly", "Steven", "Emily", "Paul",
    "Donna", "Andrew", "Michelle", "Joshua", "Dorothy", "Kenneth", "Carol", "Kevin", "Amanda",
    "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca",
    "Edward", "Sharon", "Jason", "Laura", "Jeffrey", "Cynthia", "Ryan", "Kathleen", "Jacob",
    "Amy", "Gary", "Angela", "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda",
    "Stephen", "Pamela", "Larry", "Emma", "Justin", "Nicole", "Scott", "Helen", "Brandon",
    "Samantha", "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Debra", "Alexander",
    "Rachel", "Frank", "Carolyn", "Patrick", "Janet", "Raymond", "Catherine", "Jack", "Maria",
    "Dennis", "Heather", "Jerry", "Diane", "Tyler", "Victoria", "Aaron", "Julie", "José",
    "Joyce", "Adam", "Olivia", "Henry", "Virginia", "Nathan", "Kelly", "Douglas", "Lauren",
    "Zachary", "Christina", "Peter", "Joan", "Kyle", "Evelyn", "Noel", "Renee", "Zoe", "Chloe",
    "André", "Sophia", "Oliver", "Harry", "Charlotte", "Amelia", "Isla", "Freya", "Alfie",
    "Siobhan", "Niamh", "Sean", "Theodore", "Frederick", "Abigail", "Isabella", "Harold",
    "Alexandra", "Lawrence", "Gerald", "Zoë", "Chloé", "Jürgen", "Ana", "Mónica", "Inés",
]  # fmt: skip

#: Canonical given name -> nicknames / short forms seen in CRM data.
EN_NICKNAMES: dict[str, list[str]] = {
    "William": ["Bill", "Will", "Billy", "Liam"], "Robert": ["Bob", "Rob", "Bobby", "Robbie"],
    "James": ["Jim", "Jimmy", "Jamie"], "Michael": ["Mike", "Mikey", "Mick"],
    "Elizabeth": ["Liz", "Beth", "Betty", "Lizzie", "Eliza"],
    "Katherine": ["Kate", "Kathy", "Katie", "Kat"], "Catherine": ["Cathy", "Kate", "Cat"],
    "Margaret": ["Maggie", "Peggy", "Meg"], "Richard": ["Rick", "Dick", "Rich", "Richie"],
    "Thomas": ["Tom", "Tommy"], "Joseph": ["Joe", "Joey"], "Charles": ["Charlie", "Chuck"],
    "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"], "Matthew": ["Matt"],
    "Anthony": ["Tony"], "Andrew": ["Andy", "Drew"], "Edward": ["Ed", "Eddie", "Ted", "Ned"],
    "Jennifer": ["Jen", "Jenny"], "Patricia": ["Pat", "Patty", "Trish"],
    "Susan": ["Sue", "Susie"], "Deborah": ["Debbie", "Deb"], "Debra": ["Debbie", "Deb"],
    "Alexander": ["Alex", "Xander"], "Alexandra": ["Alex", "Lexi"], "Benjamin": ["Ben"],
    "Samuel": ["Sam", "Sammy"], "Samantha": ["Sam", "Sammy"], "Jonathan": ["Jon", "Johnny"],
    "John": ["Johnny", "Jack"], "Nicholas": ["Nick", "Nicky"], "Steven": ["Steve"],
    "Stephen": ["Steve"], "Timothy": ["Tim", "Timmy"], "Gregory": ["Greg"],
    "Kenneth": ["Ken", "Kenny"], "Ronald": ["Ron", "Ronnie"], "Donald": ["Don", "Donnie"],
    "Barbara": ["Barb", "Babs"], "Rebecca": ["Becky", "Becca"], "Victoria": ["Vicky", "Tori"],
    "Christine": ["Chris", "Chrissy"], "Christina": ["Chris", "Tina"],
    "Jessica": ["Jess", "Jessie"], "Stephanie": ["Steph"], "Pamela": ["Pam"],
    "Kimberly": ["Kim"], "Cynthia": ["Cindy"], "Kathleen": ["Kathy", "Kate"],
    "Joshua": ["Josh"], "Zachary": ["Zach", "Zack"], "Nathan": ["Nate"], "Douglas": ["Doug"],
    "Raymond": ["Ray"], "Lawrence": ["Larry"], "Patrick": ["Pat", "Paddy"],
    "Jeffrey": ["Jeff"], "Frederick": ["Fred", "Freddie"], "Gerald": ["Gerry", "Jerry"],
    "Peter": ["Pete"], "David": ["Dave", "Davey"], "Dorothy": ["Dot", "Dottie"],
    "Abigail": ["Abby"], "Amanda": ["Mandy"], "Melissa": ["Mel", "Missy"],
    "Angela": ["Angie"], "Virginia": ["Ginny"], "Evelyn": ["Evie"], "Olivia": ["Liv"],
    "Sophia": ["Sophie"], "Henry": ["Hank", "Harry"], "Harold": ["Harry", "Hal"],
    "Theodore": ["Ted", "Theo"], "Isabella": ["Bella", "Izzy"], "Alfie": ["Alf"],
    "Jacob": ["Jake"], "Joyce": ["Joy"], "Helen": ["Nell"], "Carolyn": ["Carrie"],
    "Sandra": ["Sandy"], "Brandon": ["Brandy"], "Nicole": ["Nikki"], "Emily": ["Em"],
}  # fmt: skip

#: Surnames, most common first.
EN_LAST: list[str] = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "García", "Miller", "Davis", "Rodríguez",
    "Martínez", "Hernández", "López", "González", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Pérez", "Thompson", "White", "Harris", "Sánchez",
    "Clark", "Ramírez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gómez", "Phillips", "Evans",
    "Turner", "Díaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris",
    "Morales", "Murphy", "Cook", "Rogers", "Gutiérrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward",
    "Richardson", "Watson", "Brooks", "Chávez", "Wood", "James", "Bennett", "Gray", "Mendoza",
    "Ruiz", "Hughes", "Price", "Álvarez", "Castillo", "Sanders", "Patel", "Myers", "Long",
    "Ross", "Foster", "Jiménez", "O'Brien", "O'Connor", "McDonald", "MacLeod", "Müller",
    "Schmidt", "Schröder", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Schäfer",
    "Koch", "Bauer", "Richter", "Klein", "Wolf", "Neumann", "Dubois", "Lefèvre", "Moreau",
    "Girard", "Bernard", "Brontë", "Chen", "Wong", "Singh", "Khan", "Ali", "Okafor", "Nowak",
    "Kowalski", "Novák", "Fitzgerald", "Sullivan", "Walsh", "Byrne", "Ryan", "Doyle",
]  # fmt: skip

#: ASCII spelling -> accented spelling, for "accent added" perturbations of ASCII names.
EN_ACCENT_ADD: dict[str, str] = {
    "Jose": "José", "Andre": "André", "Renee": "Renée", "Zoe": "Zoë", "Chloe": "Chloé",
    "Noel": "Noël", "Sean": "Seán", "Monica": "Mónica", "Ines": "Inés", "Muller": "Müller",
    "Garcia": "García", "Lopez": "López", "Perez": "Pérez", "Bronte": "Brontë",
    "Schroder": "Schröder", "Schafer": "Schäfer", "Lefevre": "Lefèvre", "Jurgen": "Jürgen",
    "Diaz": "Díaz", "Gomez": "Gómez", "Novak": "Novák", "Martinez": "Martínez",
}  # fmt: skip

#: Keyboard neighbours (QWERTY) for one-character typos.
QWERTY_NEIGHBOURS: dict[str, str] = {
    "a": "s", "b": "v", "c": "x", "d": "s", "e": "r", "f": "g", "g": "h", "h": "j", "i": "o",
    "j": "k", "k": "l", "l": "k", "m": "n", "n": "m", "o": "i", "p": "o", "q": "w", "r": "t",
    "s": "a", "t": "r", "u": "y", "v": "c", "w": "e", "x": "z", "y": "u", "z": "x",
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# English-speaking companies and places
# --------------------------------------------------------------------------------------------

EN_BRANDS: list[str] = [
    "Acme", "Northwind", "Globex", "Initech", "Umbrella", "Contoso", "Fabrikam", "Tailspin",
    "Wingtip", "Litware", "Proseware", "Hooli", "Vandelay", "Soylent", "Cyberdyne", "Tyrell",
    "Wonka", "Dunder Mifflin", "Sterling Cooper", "Massive Dynamic", "Oceanic", "Aperture",
    "Stark", "Wayne", "Pied Piper", "Blue Sun", "Monarch", "Bluth", "Oscorp", "Virtucon",
    "Nakatomi", "Weyland", "Spacely", "Cogswell", "Planet Express", "Duff",
]  # fmt: skip
EN_BRAND_PREFIX: list[str] = [
    "North", "South", "East", "West", "Blue", "Red", "Green", "Silver", "Golden", "Iron",
    "Bright", "Clear", "Rapid", "Summit", "Pioneer", "Harbor", "River", "Stone", "Oak", "Pine",
    "Maple", "Cedar", "Eagle", "Falcon", "Lion", "Fox", "Star", "Sun", "Moon", "Sky", "Cloud",
    "Ocean", "Lake", "Peak", "Crest", "Union", "Liberty", "Atlas", "Apex", "Vertex", "Nova",
]  # fmt: skip
EN_BRAND_SUFFIX: list[str] = [
    "wind", "field", "stone", "bridge", "gate", "view", "point", "line", "wave", "light",
    "ridge", "works", "way", "path", "tech", "core", "soft", "ware", "star", "forge", "port",
    "mark", "side", "brook", "dale", "wood",
]  # fmt: skip
EN_INDUSTRIES: list[str] = [
    "Widgets", "Traders", "Systems", "Industries", "Holdings", "Logistics", "Consulting",
    "Software", "Labs", "Partners", "Foods", "Analytics", "Solutions", "Media", "Networks",
    "Capital", "Energy", "Health", "Robotics", "Supplies", "",
]  # fmt: skip

#: country -> (legal form, weight)
EN_LEGAL: dict[str, list[tuple[str, float]]] = {
    "US": [("Inc.", 0.4), ("LLC", 0.25), ("Corp.", 0.12), ("Corporation", 0.13), ("Co.", 0.05),
           ("", 0.05)],
    "UK": [("Ltd", 0.6), ("Limited", 0.15), ("PLC", 0.15), ("Group", 0.1)],
    "DE": [("GmbH", 0.8), ("AG", 0.2)],
}  # fmt: skip
EN_LEGAL_VARIANTS: dict[str, list[str]] = {
    "Inc.": ["Inc", "Incorporated", "Inc", "INC."], "LLC": ["L.L.C.", "Llc", "LLC."],
    "Corp.": ["Corp", "Corporation"], "Corporation": ["Corp.", "Corp"],
    "Co.": ["Company", "Co"], "Ltd": ["Ltd.", "Limited", "LTD"], "Limited": ["Ltd", "Ltd."],
    "PLC": ["plc", "Plc"], "Group": ["Grp", "Group Ltd"], "GmbH": ["Gmbh", "GMBH"],
    "AG": ["A.G."],
}  # fmt: skip

#: (city, country, variant spelling, area code(s) without trunk prefix)
EN_CITIES: list[tuple[str, str, str, str]] = [
    ("New York", "US", "NYC", "212"), ("San Francisco", "US", "SF", "415"),
    ("Chicago", "US", "chicago", "312"), ("Boston", "US", "Boston, MA", "617"),
    ("Seattle", "US", "Seattle WA", "206"), ("Austin", "US", "Austin, TX", "512"),
    ("Los Angeles", "US", "LA", "213"), ("Denver", "US", "denver", "303"),
    ("Atlanta", "US", "Atlanta GA", "404"), ("London", "UK", "LONDON", "20"),
    ("Manchester", "UK", "manchester", "161"), ("Birmingham", "UK", "B'ham", "121"),
    ("Edinburgh", "UK", "Edinburgh, Scotland", "131"), ("Bristol", "UK", "bristol", "117"),
    ("Berlin", "DE", "berlin", "30"), ("München", "DE", "Munich", "89"),
    ("Hamburg", "DE", "hamburg", "40"),
]  # fmt: skip
EN_CITY_WEIGHTS: list[float] = [16, 10, 7, 6, 5, 4, 6, 3, 3, 14, 4, 3, 2, 2, 3, 2, 2]
EN_COUNTRY_TLD: dict[str, str] = {"US": ".com", "UK": ".co.uk", "DE": ".de"}
EN_COUNTRY_CODE: dict[str, str] = {"US": "1", "UK": "44", "DE": "49"}

EN_PERSONAL_DOMAINS: list[tuple[str, float]] = [
    ("gmail.com", 0.5), ("outlook.com", 0.2), ("hotmail.com", 0.1), ("yahoo.com", 0.1),
    ("icloud.com", 0.1),
]  # fmt: skip
