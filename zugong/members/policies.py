"""Policy settings of the member register."""

from zugong.core.policy import define

MIN_AGE = define(
    "members.min_join_age", label="入党最低年龄", module="党员", kind=int, default=18, unit="周岁",
    source="《中国共产党发展党员工作细则》第五条", minimum=18, maximum=30,
)
