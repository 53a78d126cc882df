"""Given names by gender for demo people (示范数据人名按性别): a man is not called 秀英 nor a woman 建军."""

import random

from zugong.organizations.demo_names import SURNAMES

# Characters common in given names of each gender; a two-character name takes both from the same list.
MALE_CHARS = ("伟 强 磊 军 洋 勇 杰 涛 明 超 刚 建 国 志 文 辉 海 鹏 斌 峰 林 波 鑫 宇 浩 凯 健 俊 帆 帅 旭 "
              "东 亮 成 华 飞 龙 忠 义 德 兵 平 生 山 正 永 福 荣 新 光 庆 祥 胜 武 毅").split()
FEMALE_CHARS = ("芳 娜 敏 静 丽 艳 娟 秀 霞 桂 英 红 玉 兰 雪 晓 梅 琳 婷 慧 莉 萍 燕 倩 琴 云 洁 颖 佳 欣 "
                "丹 玲 凤 琼 翠 珍 莲 菊 月 蓉 媛 璐 蕾 薇 雯 妍 淑 惠 彩 春").split()


def person_name(rng: random.Random, is_male: bool) -> str:
    """A surname and one or two given-name characters of the person's gender."""
    chars = MALE_CHARS if is_male else FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given
