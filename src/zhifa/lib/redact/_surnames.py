"""Chinese surnames, shipped with the package (no download).

``SINGLE_SURNAMES``: the single-character surnames of the 百家姓 plus common modern surnames that
it lacks (肖, 付, 覃, 闫 …). ``COMPOUND_SURNAMES``: the compound surnames of the 百家姓 (复姓).
``FREE_COMPOUND_SURNAMES`` is the subset trusted by the context-free detector: the others
(东方, 西门, 百里, 第五 …) are far more often ordinary words than surnames.
"""

from __future__ import annotations

from typing import Final

from zhifa.lib.redact._candidates import words

_BAIJIAXING_SINGLE: Final = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴鬱胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况郈有琴商牟佘佴伯赏墨哈"
    "谯笪年爱阳佟言福"
)
_MODERN_SINGLE: Final = (
    "肖付代覃兰冼粟揭敬庹母么练麦区凡战占菅银原植禤卿佀彦蹇邝旷逢鹿仝沐谌尉雒邸苑靖达冶亓展綦琚"
)

SINGLE_SURNAMES: Final[frozenset[str]] = frozenset(_BAIJIAXING_SINGLE + _MODERN_SINGLE)

COMPOUND_SURNAMES: Final[frozenset[str]] = frozenset(
    words(
        """
        万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于
        太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙
        端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌
        微生 梁丘 左丘 东门 西门 南宫 第五 独孤
        """
    )
)

FREE_COMPOUND_SURNAMES: Final[frozenset[str]] = frozenset(
    words(
        """
        欧阳 司马 上官 诸葛 夏侯 皇甫 尉迟 慕容 令狐 宇文 长孙 司徒 端木 公孙 轩辕 钟离 澹台 独孤
        万俟 闻人 赫连
        """
    )
)


def surname_of(name: str) -> str:
    """The surname part of a Chinese personal name: a compound surname if the name starts with one
    and is at least three characters long, else the first character."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]
