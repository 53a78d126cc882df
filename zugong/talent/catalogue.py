"""The talent register's code tables as shipped (installed by the data migration; the department edits them).

Categories are the six of the national talent statistics (党政, 企业经营管理, 专业技术, 高技能, 农村实用,
社会工作); industries the county's leading industries (seed 000: 围绕特种冶金材料、电子机械等五大主导产业); the
level rules say what makes a talent 高层次 (seed 000: 具有博士学位和正高级职称的高层次人才; national and
provincial awards) or 骨干; the rural criteria are the 农村实用人才评价鉴定 items (seed 003).
"""

CATEGORIES = [
    ("party_government", "党政人才"),
    ("enterprise", "企业经营管理人才"),
    ("professional", "专业技术人才"),
    ("high_skill", "高技能人才"),
    ("rural", "农村实用人才"),
    ("social_work", "社会工作人才"),
]
INDUSTRIES = [
    ("metallurgy", "特种冶金材料"),
    ("electronics", "电子机械"),
    ("agriculture", "现代农业"),
    ("tourism", "红色文化旅游"),
    ("services", "现代服务业"),
]
SOURCE = "2012年全县组织工作会议：积极引导具有博士学位和正高级职称的高层次人才"
LEVEL_RULES = [
    ("degree", "doctor", "high", SOURCE),
    ("title", "senior_full", "high", SOURCE),
    ("award", "national", "high", "国家级奖项或荣誉"),
    ("award", "provincial", "high", "省级奖项或荣誉（如入选“赣鄱英才555工程”）"),
    ("degree", "master", "key", "本县做法"),
    ("title", "senior_deputy", "key", "本县做法"),
    ("award", "municipal", "key", "市级奖项或荣誉"),
]
RURAL_CRITERIA = [
    ("skill", "技术技能水平", 30),
    ("income", "经营规模与效益", 25),
    ("leading", "带动农户增收", 25),
    ("training", "培训与传帮带", 10),
    ("honours", "获得荣誉", 10),
]


def install(apps) -> None:
    """Adds the missing rows (edits to existing rows are kept)."""
    category = apps.get_model("talent", "TalentCategory")
    industry = apps.get_model("talent", "Industry")
    rule = apps.get_model("talent", "LevelRule")
    rural = apps.get_model("talent", "RuralCriterion")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(INDUSTRIES, start=1):
        industry.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for basis, value, level, source in LEVEL_RULES:
        rule.objects.get_or_create(basis=basis, value=value, defaults={"level": level, "source": source})
    for order, (code, name, points) in enumerate(RURAL_CRITERIA, start=1):
        rural.objects.get_or_create(code=code, defaults={"name": name, "max_points": points, "order": order})
