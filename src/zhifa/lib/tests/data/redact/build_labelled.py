"""Build ``labelled.json``: hand-labelled excerpts of administrative penalty decisions.

Run from the repository root (only when the excerpts below change):

    .venv/bin/python src/zhifa/lib/tests/data/redact/build_labelled.py

Every excerpt is written by hand, modelled on the structure of published 行政处罚决定书
(当事人 / 主体类型 / 住所 / 法定代表人 / 违法事实 / 处罚依据 …). All people, places, companies and
numbers are fictional. Labels are inline markup:

    [[K:张三]]   a person name that is a known party (it is in ``parties``)
    [[C:张三]]   a person name introduced by a context word (当事人、法定代表人、证人 …), not a party
    [[F:张三]]   any other person name (no such context word)
    [[A:城关镇幸福路12号]]  the part of a natural person's address below county level (to be removed)

Officers' names, company names and business addresses are deliberately *not* labelled: they must stay.
Placeholders ``{ID}``, ``{ID15}``, ``{MOB}``, ``{USCC}``, ``{USCC92}``, ``{CARD}`` are replaced with valid
synthetic identifiers (seeded), so that the texts also exercise the structured detectors.

Splits, and how they were used (the same person wrote the texts and the detectors, so none of
this is an independent benchmark):

* ``dev`` (30): written before any detector existed; looked at while developing.
* ``heldout`` (22): written at the same time; first evaluated once the detectors worked on dev.
  First look: recall known 19/19, context 14/14, free 23/26, addresses 11/11; precision names
  56/56, addresses 11/11. Three misses were then fixed (所有人为 as a context word, 多次 as a
  right cue, 't' words no longer block a name such as 夏天成).
* ``blind`` (15): written after all that tuning, in other sectors and phrasings. First look:
  recall known 11/11, context 10/10, **free 14/27**, **addresses 9/11**; precision names 35/35,
  addresses 9/10. Generic fixes followed (role-noun endings 人员者师… as weak cues, a relaxed
  right boundary after role nouns, names chained with 、, the labels 户籍 and 住：), so this split
  is no longer blind either; its first-look figures are the best estimate of performance on new
  text.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zhifa.lib.identifiers import complete_credit_code, complete_resident_id, luhn_check_digit

RNG = random.Random(20261122)

DOCS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ dev
    {
        "id": "D01",
        "split": "dev",
        "parties": [
            {"name": "江北市恒达食品有限公司", "kind": "legal_person"},
            {"name": "陈建华", "kind": "natural_person", "role": "legal_representative"},
        ],
        "keep_names": ["王明", "李强"],
        "marked": (
            "当事人：江北市恒达食品有限公司\n主体类型：有限责任公司（自然人投资或控股）\n"
            "住所：江北市临江县城关镇工业路18号\n法定代表人：[[K:陈建华]]\n统一社会信用代码：{USCC}\n"
            "经查，2024年5月12日，本局执法人员王明、李强对当事人位于临江县城关镇工业路18号的生产车间进行检查，"
            "发现当事人生产的“恒达牌”桃酥标签未标注生产许可证编号。经询问，当事人法定代表人[[K:陈建华]]承认"
            "上述产品系其公司生产，共生产320袋，已销售210袋，货值金额1920元，违法所得480元。"
        ),
    },
    {
        "id": "D02",
        "split": "dev",
        "parties": [
            {
                "name": "刘桂芳",
                "kind": "natural_person",
                "address": "江北市临江县城关镇幸福路12号3栋2单元301室",
            }
        ],
        "keep_names": [],
        "marked": (
            "当事人：[[K:刘桂芳]]，女，1976年8月3日出生，汉族，身份证号码：{ID}，"
            "住址：江北市临江县[[A:城关镇幸福路12号3栋2单元301室]]，联系电话：{MOB}。\n"
            "2024年6月18日，执法人员在临江县城关镇农贸市场检查时发现当事人销售的豇豆经快速检测克百威项目不合格。"
            "当事人[[K:刘桂芳]]称上述豇豆系从批发商[[F:赵德明]]处购进，无法提供进货票据。"
        ),
    },
    {
        "id": "D03",
        "split": "dev",
        "parties": [
            {"name": "临江县老周面馆", "kind": "individual_business"},
            {
                "name": "周国平",
                "kind": "natural_person",
                "role": "legal_representative",
                "address": "江北市临江县城关镇东门村3组27号",
            },
        ],
        "keep_names": [],
        "marked": (
            "当事人：临江县老周面馆（个体工商户）\n经营者：[[K:周国平]]\n统一社会信用代码：{USCC92}\n"
            "经营场所：临江县城关镇人民路56号\n经营者住址：江北市临江县[[A:城关镇东门村3组27号]]\n"
            "2024年7月2日，执法人员对当事人经营场所进行检查，发现后厨冰柜内存放的2袋冷冻鸡腿已超过保质期。"
            "经营者[[K:周国平]]当场承认系其疏忽所致，并在现场笔录上签字确认。"
        ),
    },
    {
        "id": "D04",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：[[C:黄志强]]，男，1985年11月9日出生，身份证号码：{ID}，户籍地：南岭市云溪县[[A:石门镇"
            "黄家坪村5组]]，现住：南岭市西城区[[A:滨江街道锦绣花园8幢1102室]]。\n"
            "经查，当事人于2024年3月至5月期间，未经许可擅自在云溪县石门镇采挖河砂共计约600立方米。"
            "证人[[C:王小兵]]、[[C:李春梅]]的证言证实了上述事实。"
        ),
    },
    {
        "id": "D05",
        "split": "dev",
        "parties": [
            {"name": "南岭市宏远建材有限公司", "kind": "legal_person"},
        ],
        "keep_names": [],
        "marked": (
            "当事人：南岭市宏远建材有限公司，住所：南岭市东湖区建设大道128号，法定代表人：[[C:欧阳明德]]，"
            "统一社会信用代码：{USCC}。\n"
            "2024年4月10日，本局接到群众举报后对当事人进行检查。经查，当事人委托[[F:孙立新]]驾驶的重型货车"
            "（车牌号：江B·D3521）未采取密闭措施运输砂石，造成道路扬尘污染。当事人委托代理人[[C:方晓雯]]"
            "对上述事实无异议。"
        ),
    },
    {
        "id": "D06",
        "split": "dev",
        "parties": [{"name": "于海洋", "kind": "natural_person"}],
        "keep_names": ["赵立军", "钱文博"],
        "marked": (
            "当事人：[[K:于海洋]]，男，汉族，1990年2月14日出生，住址：江北市青山县[[A:新塘乡和平村二组15号]]。\n"
            "2024年8月3日，执法人员赵立军、钱文博在青山县新塘乡巡查时发现，当事人在其承包的鱼塘内使用电鱼器具"
            "捕捞水产品。[[K:于海洋]]对上述违法事实供认不讳。"
        ),
    },
    {
        "id": "D07",
        "split": "dev",
        "parties": [
            {"name": "江北市佳和物业服务有限公司", "kind": "legal_person"},
        ],
        "keep_names": [],
        "marked": (
            "当事人：江北市佳和物业服务有限公司\n住所：江北市东湖区滨湖路9号\n负责人：[[C:高振宇]]\n"
            "经查，2024年2月，业主[[F:何丽娜]]投诉当事人管理的锦华小区消防通道被占用。执法人员现场检查发现，"
            "该小区3号楼消防车通道被杂物堵塞。当事人现场负责人[[C:常建军]]表示将立即整改。"
        ),
    },
    {
        "id": "D08",
        "split": "dev",
        "parties": [
            {
                "name": "诸葛亮亮",
                "kind": "natural_person",
                "address": "江北市临江县白沙镇梧桐路88号",
            }
        ],
        "keep_names": [],
        "marked": (
            "当事人：[[K:诸葛亮亮]]，男，1988年6月1日出生，公民身份号码{ID}，家庭住址江北市临江县[[A:白沙镇梧桐路88号]]。"
            "\n经查，当事人驾驶小型轿车（号牌号码：江A12345）于2024年9月1日在临江县白沙镇梧桐路口违反禁止标线指示"
            "停车。[[K:诸葛亮亮]]经通知未到现场驶离。"
        ),
    },
    {
        "id": "D09",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：江北市新时代网络科技有限公司，住所：江北市东湖区科技园路2号A座501室，法定代表人：[[C:时文杰]]。"
            "\n经查，当事人在其运营的网店销售的“金牌”保健食品宣称“治疗高血压”，属于虚假宣传。消费者[[F:万晓红]]"
            "于2024年1月8日购买该产品后投诉。当事人股东[[C:成志刚]]、[[C:安德烈]]参与了宣传文案的审核。"
        ),
    },
    {
        "id": "D10",
        "split": "dev",
        "parties": [{"name": "马丽娟", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人[[K:马丽娟]]，女，1995年12月20日出生，身份证号：{ID}，住所地：青山县[[A:南关街道翠苑小区"
            "12栋501]]，手机：{MOB}。\n当事人于2024年10月5日在青山县人民广场东侧占道经营烧烤摊点，经执法人员劝导"
            "拒不改正。其丈夫[[F:刘建新]]在现场阻挠执法。"
        ),
    },
    {
        "id": "D11",
        "split": "dev",
        "parties": [
            {"name": "云溪县康宁诊所", "kind": "other_organization"},
        ],
        "keep_names": [],
        "marked": (
            "当事人：云溪县康宁诊所，地址：云溪县城南路33号，负责人：[[C:文秀英]]，联系人：[[C:唐志明]]，"
            "联系电话：0571-88886666。\n经查，该诊所聘用未取得执业医师资格的[[F:白云飞]]从事诊疗活动，"
            "[[F:白云飞]]于2024年3月至6月期间为患者开具处方共计126张。"
        ),
    },
    {
        "id": "D12",
        "split": "dev",
        "parties": [{"name": "郑少华", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:郑少华]]，男，1979年4月17日出生，身份证号码：{ID15}，住址：江北市青山县[[A:城西镇"
            "向阳村4组]]。\n当事人于2024年5月在自家承包地上擅自建设砖混结构房屋一栋，占用耕地面积约210平方米。"
            "村民[[F:郑少东]]、[[F:郑晓燕]]证实上述建房行为由[[K:郑少华]]组织实施。"
        ),
    },
    {
        "id": "D13",
        "split": "dev",
        "parties": [
            {"name": "江北市鑫源加油站有限公司", "kind": "legal_person"},
        ],
        "keep_names": ["陈立", "孙浩"],
        "marked": (
            "当事人：江北市鑫源加油站有限公司\n统一社会信用代码：{USCC}\n住所：江北市临江县工业园区纬三路1号\n"
            "法定代表人：[[C:冯天明]]\n2024年6月21日，执法人员陈立、孙浩对当事人进行安全检查，发现当事人未按规定"
            "对从业人员进行安全生产教育和培训，加油员[[F:杨晓东]]、[[F:蒋丽]]未经培训即上岗作业。"
        ),
    },
    {
        "id": "D14",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：[[C:吕晨阳]]，男，2001年3月5日出生，住江北市东湖区[[A:长江路街道学府路15号2单元602室]]。"
            "\n经查，2024年11月2日20时许，当事人在东湖区步行街酒吧内因琐事与[[F:许文涛]]发生争执，并殴打"
            "[[F:许文涛]]致其轻微伤。以上事实有当事人陈述、被侵害人[[F:许文涛]]陈述、证人[[C:卢佳怡]]证言等证据证实。"
        ),
    },
    {
        "id": "D15",
        "split": "dev",
        "parties": [
            {"name": "青山县绿野农资经营部", "kind": "individual_business"},
            {"name": "金宝山", "kind": "natural_person", "role": "legal_representative"},
        ],
        "keep_names": [],
        "marked": (
            "当事人：青山县绿野农资经营部\n类型：个体工商户\n经营者：[[K:金宝山]]\n"
            "经营场所：青山县城东镇商贸街18号\n经查，当事人销售的“丰收”牌复合肥经检验总养分不合格，"
            "当事人经营者[[K:金宝山]]称该批化肥购自外地业务员[[F:祝海涛]]，购进时未查验产品合格证明。"
        ),
    },
    {
        "id": "D16",
        "split": "dev",
        "parties": [{"name": "上官婉清", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:上官婉清]]，女，1983年7月7日出生，居民身份证号码：{ID}，户籍所在地：江北市临江县"
            "[[A:城关镇解放街道北门社区]]，电子邮箱：wanqing.sg@example.cn。\n当事人在未取得导游证的情况下，"
            "于2024年7月带领旅游团在临江古镇景区从事导游活动。游客[[F:贺玉兰]]投诉后查实。"
        ),
    },
    {
        "id": "D17",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：南岭市西城区好运来超市\n经营者：[[C:林美玲]]\n经营场所：南岭市西城区和平路66号\n"
            "经查，2024年8月12日，当事人向未成年人出售卷烟两包。当事人营业员[[F:邓思雨]]在询问笔录中承认"
            "未查验购买者身份证件。以上事实有现场检查笔录、视听资料、[[F:邓思雨]]询问笔录等证据为证。"
        ),
    },
    {
        "id": "D18",
        "split": "dev",
        "parties": [{"name": "曹永康", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:曹永康]]，男，1972年1月30日出生，住址：南岭市云溪县[[A:桃源镇新华村七组9号]]，"
            "银行账号：{CARD}。\n经查，当事人于2024年4月在云溪县桃源镇新华村擅自砍伐林木12株，蓄积量3.6立方米。"
            "当事人[[K:曹永康]]辩称系为修建猪圈，但未能提供林木采伐许可证。"
        ),
    },
    {
        "id": "D19",
        "split": "dev",
        "parties": [
            {"name": "江北市宏福酒店管理有限公司", "kind": "legal_person"},
        ],
        "keep_names": [],
        "marked": (
            "当事人：江北市宏福酒店管理有限公司\n主体类型：有限责任公司\n住所：江北市东湖区中山路200号\n"
            "法定代表人：[[C:潘国庆]]\n经查，当事人未按规定对入住旅客身份进行登记，2024年9月2日旅客[[F:石建峰]]"
            "入住时未登记其身份信息。当事人前台服务员[[F:谢婷婷]]对此予以确认。"
        ),
    },
    {
        "id": "D20",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：[[C:罗小军]]，男，1968年9月18日出生，身份证号码{ID}，家住南岭市东湖区[[A:城北街道"
            "杏花村112号]]，联系方式{MOB}。\n当事人驾驶的三轮摩托车未按规定登记，于2024年5月6日在东湖区城北路"
            "被查获。当事人之子[[F:罗志伟]]到场接受处理。"
        ),
    },
    {
        "id": "D21",
        "split": "dev",
        "parties": [
            {"name": "青山县万家乐餐饮店", "kind": "individual_business"},
            {"name": "韩雪梅", "kind": "natural_person", "role": "legal_representative"},
        ],
        "keep_names": ["邵东", "程雪"],
        "marked": (
            "当事人：青山县万家乐餐饮店（个体工商户），经营者：[[K:韩雪梅]]，经营场所：青山县城关镇北大街7号。\n"
            "2024年6月5日，执法人员邵东、程雪对当事人进行检查，发现当事人从业人员[[F:宋明辉]]、[[F:田芳]]未取得"
            "有效健康证明即从事接触直接入口食品的工作。[[K:韩雪梅]]对此无异议。"
        ),
    },
    {
        "id": "D22",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：江北市东湖区明德培训学校\n住所：江北市东湖区文化路18号\n法定代表人：[[C:司马光耀]]\n"
            "经查，当事人于2024年暑假期间违规开展学科类培训，招收中小学生共计86人，收取培训费用共计258000元。"
            "家长[[F:龚小平]]举报并提供了缴费凭证。"
        ),
    },
    {
        "id": "D23",
        "split": "dev",
        "parties": [{"name": "方国栋", "kind": "natural_person", "address": "临江县城关镇西街45号"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:方国栋]]，男，1980年10月1日出生，住址：临江县[[A:城关镇西街45号]]。\n"
            "经查，当事人在临江县[[A:城关镇西街45号]]自家门前私设地磅，利用未经检定的计量器具对外收购粮食。"
            "经营期间共收购稻谷约15吨。[[K:方国栋]]称该地磅系从[[F:严德胜]]处购得。"
        ),
    },
    {
        "id": "D24",
        "split": "dev",
        "parties": [
            {"name": "南岭市顺达运输有限公司", "kind": "legal_person"},
        ],
        "keep_names": [],
        "marked": (
            "当事人：南岭市顺达运输有限公司，统一社会信用代码：{USCC}，住所：南岭市西城区物流园A区6号，"
            "法定代表人：[[C:邹文斌]]。\n经查，2024年7月15日，当事人所属车辆南A·56789由驾驶人[[C:熊志远]]驾驶，"
            "在G60高速公路南岭段超限运输，车货总重达58.6吨，超限率46.5%。"
        ),
    },
    {
        "id": "D25",
        "split": "dev",
        "parties": [{"name": "阿依古丽·买买提", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:阿依古丽·买买提]]，女，维吾尔族，1992年5月3日出生，住址：江北市东湖区[[A:新华街道"
            "团结路7号]]。\n当事人于2024年9月在东湖区夜市销售无标签的散装干果。[[K:阿依古丽·买买提]]"
            "对违法事实无异议，并主动销毁了剩余产品。"
        ),
    },
    {
        "id": "D26",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：临江县鸿运砂石场，投资人：[[C:褚大勇]]，经营场所：临江县白沙镇河口村。\n经查，当事人"
            "未落实扬尘污染防治措施，堆场未覆盖。2024年3月12日，镇环保员[[F:尹红梅]]现场拍照取证。"
            "当事人投资人[[C:褚大勇]]在询问中承认上述事实。"
        ),
    },
    {
        "id": "D27",
        "split": "dev",
        "parties": [{"name": "江北市安泰消防设备有限公司", "kind": "legal_person"}],
        "keep_names": [],
        "marked": (
            "当事人：江北市安泰消防设备有限公司。住所：江北市临江县城关镇创业路3号。法定代表人：[[C:柯建平]]。\n"
            "经查，当事人生产的灭火器经抽样检验，充装量项目不符合标准要求。当事人质检员[[F:汪雨桐]]"
            "陈述该批产品出厂前未经检验。公司员工[[F:戴志明]]负责该批产品的充装。"
        ),
    },
    {
        "id": "D28",
        "split": "dev",
        "parties": [{"name": "陶春生", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "被处罚人：[[K:陶春生]]，男，1966年8月8日出生，汉族，身份证号码{ID}，户籍地江北市临江县"
            "[[A:大河乡陶家湾村3组]]，现住江北市东湖区[[A:东湖街道湖滨新村5幢302室]]。\n经查，当事人"
            "在东湖区湖滨路非法收购野生鸟类。[[K:陶春生]]称鸟类系从[[F:陶大明]]处收购。"
        ),
    },
    {
        "id": "D29",
        "split": "dev",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：江北市东湖区鑫隆五金店，经营者：[[C:段志华]]，统一社会信用代码：{USCC92}。\n经查，"
            "当事人于2024年5月销售的插座经抽检不合格，货值金额3600元。当事人称该批插座由供货商[[F:雷振华]]"
            "提供，并提供了送货单。"
        ),
    },
    {
        "id": "D30",
        "split": "dev",
        "parties": [{"name": "庞秀兰", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:庞秀兰]]，女，1958年3月12日出生，住江北市青山县[[A:东山镇柳树村8组11号]]。\n"
            "当事人在自家院内饲养犬只一条，未办理犬只登记，2024年4月该犬咬伤邻居[[F:薛明远]]。"
            "[[K:庞秀兰]]承认未办理登记，并已赔偿[[F:薛明远]]医疗费用。"
        ),
    },
    # -------------------------------------------------------------- heldout
    {
        "id": "H01",
        "split": "heldout",
        "parties": [
            {"name": "江北市隆盛商贸有限公司", "kind": "legal_person"},
            {"name": "吴振国", "kind": "natural_person", "role": "legal_representative"},
        ],
        "keep_names": ["胡斌"],
        "marked": (
            "当事人名称：江北市隆盛商贸有限公司；统一社会信用代码：{USCC}；住所：江北市东湖区和平大道66号；"
            "法定代表人：[[K:吴振国]]。\n2024年10月8日，执法人员胡斌等对当事人仓库检查，发现当事人销售的"
            "进口红酒无中文标签。[[K:吴振国]]称该批红酒由[[F:夏天成]]介绍购入。"
        ),
    },
    {
        "id": "H02",
        "split": "heldout",
        "parties": [{"name": "蔡文华", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:蔡文华]]，男，1987年7月21日生，身份证号：{ID}，住址：南岭市东湖区[[A:梅林街道"
            "梅园新村16栋2单元401室]]，联系电话：{MOB}。\n当事人在东湖区梅林街道利用自有住房开设小旅馆，"
            "未取得特种行业许可证。旅客[[F:田野]]证实曾在此住宿。"
        ),
    },
    {
        "id": "H03",
        "split": "heldout",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：青山县福瑞药房，负责人：[[C:鲍国华]]，地址：青山县城关镇人民路102号。\n经查，当事人"
            "在执业药师[[F:沈静]]不在岗的情况下销售处方药阿莫西林胶囊，购买人[[F:康小龙]]未提供处方。"
        ),
    },
    {
        "id": "H04",
        "split": "heldout",
        "parties": [{"name": "欧阳春燕", "kind": "natural_person", "address": "云溪县龙潭镇龙潭村6组"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:欧阳春燕]]，女，1979年9月9日出生，身份证号码{ID}，住所：云溪县[[A:龙潭镇龙潭村6组]]。"
            "\n当事人在龙潭镇龙潭村经营私人诊所，未取得医疗机构执业许可证。[[K:欧阳春燕]]丈夫[[F:殷志强]]"
            "协助配药。"
        ),
    },
    {
        "id": "H05",
        "split": "heldout",
        "parties": [{"name": "南岭市华宇房地产开发有限公司", "kind": "legal_person"}],
        "keep_names": [],
        "marked": (
            "当事人：南岭市华宇房地产开发有限公司\n住所：南岭市西城区金融街8号华宇大厦18层\n"
            "法定代表人：[[C:景鸿飞]]\n经查，当事人在未取得商品房预售许可证的情况下，以收取诚意金的方式"
            "预售房屋36套。购房人[[F:杜晓明]]、[[F:魏佳]]等向本局投诉。"
        ),
    },
    {
        "id": "H06",
        "split": "heldout",
        "parties": [{"name": "袁立春", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人[[K:袁立春]]，男，1970年出生，住江北市临江县[[A:白沙镇袁家村2组]]，身份证号{ID}。\n"
            "当事人在临江县白沙镇袁家村河道内非法设置网箱养殖。[[K:袁立春]]之妻[[F:付春兰]]在现场。"
        ),
    },
    {
        "id": "H07",
        "split": "heldout",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：江北市快捷物流有限公司，住所：江北市临江县物流园5号，法定代表人：[[C:任志明]]。\n"
            "经查，当事人未按规定执行收寄验视制度，快递员[[F:廖凯]]于2024年6月收寄的包裹内夹带管制刀具。"
            "当事人分拣员[[F:黎明辉]]证实上述情况。"
        ),
    },
    {
        "id": "H08",
        "split": "heldout",
        "parties": [{"name": "贾平", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:贾平]]，男，1993年11月11日出生，身份证号码：{ID}，住址：南岭市西城区[[A:和平街道"
            "光明里19号]]。\n经查，当事人驾驶无号牌电动自行车载人，于2024年8月20日在西城区和平路与光明路路口"
            "被查获。乘车人[[F:贾晓雨]]系其女儿。"
        ),
    },
    {
        "id": "H09",
        "split": "heldout",
        "parties": [{"name": "临江县美佳美容店", "kind": "individual_business"}],
        "keep_names": [],
        "marked": (
            "当事人：临江县美佳美容店，经营者：[[C:彭美佳]]，经营场所：临江县城关镇步行街22号，"
            "经营者身份证号码：{ID}。\n经查，当事人在未取得医疗美容资质的情况下为顾客[[F:崔丽丽]]注射"
            "玻尿酸。技师[[F:钟晓琳]]实施了注射操作。"
        ),
    },
    {
        "id": "H10",
        "split": "heldout",
        "parties": [{"name": "汤建新", "kind": "natural_person"}],
        "keep_names": ["杨帆"],
        "marked": (
            "当事人：[[K:汤建新]]，男，1975年2月2日出生，家庭住址：江北市青山县[[A:河西乡汤家庄村9号]]，"
            "联系电话：{MOB}。\n2024年5月9日，执法人员杨帆在青山县河西乡检查时发现，当事人在禁渔期内"
            "使用地笼网捕鱼。[[K:汤建新]]对违法事实予以承认。"
        ),
    },
    {
        "id": "H11",
        "split": "heldout",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：南岭市东湖区翰林书店\n经营者：[[C:闫书林]]\n经营场所：南岭市东湖区学院路41号\n"
            "经查，当事人销售盗版图书共计312册。当事人店员[[F:苗小雨]]称图书系经营者[[C:闫书林]]从外地"
            "批发商处购进。"
        ),
    },
    {
        "id": "H12",
        "split": "heldout",
        "parties": [{"name": "江北市远航汽车维修有限公司", "kind": "legal_person"}],
        "keep_names": [],
        "marked": (
            "当事人：江北市远航汽车维修有限公司（统一社会信用代码：{USCC}），住所：江北市东湖区汽配城B区12号，"
            "法定代表人：[[C:孟庆丰]]。\n经查，当事人喷漆作业未在密闭空间内进行，违反大气污染防治法。"
            "当事人车间主任[[F:乔东升]]在询问笔录中确认上述事实。"
        ),
    },
    {
        "id": "H13",
        "split": "heldout",
        "parties": [{"name": "温晓峰", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:温晓峰]]，男，1999年4月4日出生，住址：江北市临江县[[A:城关镇滨河路29号1单元202室]]，"
            "手机号码：{MOB}，电子邮箱：wenxf99@example.com。\n当事人在其运营的网络直播中销售无证化妆品，"
            "销售额共计18600元。[[K:温晓峰]]的合伙人[[F:葛磊]]负责发货。"
        ),
    },
    {
        "id": "H14",
        "split": "heldout",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：[[C:武桂兰]]，女，1962年1月5日出生，户籍地：云溪县[[A:石门镇石门村4组]]。\n"
            "经查，当事人在云溪县石门镇集市销售病死猪肉15公斤。[[C:武桂兰]]称猪肉系其邻居[[F:霍长生]]"
            "家中饲养的生猪。"
        ),
    },
    {
        "id": "H15",
        "split": "heldout",
        "parties": [{"name": "南岭市佳美装饰工程有限公司", "kind": "legal_person"}],
        "keep_names": [],
        "marked": (
            "当事人：南岭市佳美装饰工程有限公司，住所：南岭市东湖区装饰城C座8号，法定代表人：[[C:苏志成]]，"
            "委托代理人：[[C:季文静]]（公司员工）。\n经查，当事人承接的室内装修工程未办理施工许可，"
            "业主[[F:范德明]]反映施工噪声扰民。"
        ),
    },
    {
        "id": "H16",
        "split": "heldout",
        "parties": [{"name": "牛大壮", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:牛大壮]]，男，1984年6月6日出生，身份证号码：{ID}，住址：江北市青山县[[A:青石镇"
            "牛角村1组3号]]。\n当事人驾驶的重型自卸货车（江A·F8826）在青山县青石镇超载运输。"
            "[[K:牛大壮]]称车辆实际所有人为[[F:包长青]]。"
        ),
    },
    {
        "id": "H17",
        "split": "heldout",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：临江县福满堂酒楼（个体工商户），经营者：[[C:伍福生]]，经营场所：临江县城关镇迎宾路9号。\n"
            "经查，当事人厨房排烟未经净化直排。附近居民[[F:洪小燕]]、[[F:施国强]]多次投诉油烟扰民。"
        ),
    },
    {
        "id": "H18",
        "split": "heldout",
        "parties": [{"name": "钟离秋", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:钟离秋]]，女，1991年10月10日出生，住址：南岭市西城区[[A:西门街道紫荆苑3幢1801室]]，"
            "护照号码：E12345678。\n当事人未经许可从事出境旅游招徕业务，收取游客[[F:曾晓东]]等12人费用共计"
            "96000元。"
        ),
    },
    {
        "id": "H19",
        "split": "heldout",
        "parties": [{"name": "江北市清源水务有限公司", "kind": "legal_person"}],
        "keep_names": [],
        "marked": (
            "当事人：江北市清源水务有限公司\n住所：江北市临江县滨江路100号\n法定代表人：[[C:覃海波]]\n"
            "经查，当事人污水处理厂在线监测数据显示，2024年7月氨氮排放浓度超标。当事人运维人员[[F:梁宇航]]"
            "承认曾擅自调整监测设备参数。"
        ),
    },
    {
        "id": "H20",
        "split": "heldout",
        "parties": [{"name": "卢明", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:卢明]]，男，1977年12月25日出生，身份证号码：{ID}，住址：江北市东湖区[[A:东湖街道"
            "桂花园小区7栋]]。\n2024年9月，当事人在东湖区公园内违规放飞无人机。[[K:卢明]]的朋友[[F:蔡旭]]"
            "提供了飞行记录。"
        ),
    },
    {
        "id": "H21",
        "split": "heldout",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：青山县丰泽养殖专业合作社，法定代表人：[[C:时丰泽]]，住所：青山县丰泽镇大坝村。\n"
            "经查，当事人养殖场畜禽粪污未经处理直接排放至大坝河。镇农技员[[F:廖春华]]陪同检查。"
        ),
    },
    {
        "id": "H22",
        "split": "heldout",
        "parties": [{"name": "孔令辉", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:孔令辉]]，男，1986年3月3日出生，身份证号码：{ID}，住址：南岭市云溪县[[A:桃源镇"
            "桃花村11组]]，开户银行及账号：江北农商银行{CARD}。\n当事人未取得烟草专卖零售许可证经营卷烟。"
            "[[K:孔令辉]]称卷烟由[[F:韦大海]]提供。"
        ),
    },
    # ---------------------------------------------------------------- blind
    # Written after the detectors were tuned on dev and heldout; evaluated once, never tuned on.
    {
        "id": "B01",
        "split": "blind",
        "parties": [{"name": "李平安", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "违法行为人：[[K:李平安]]，男，1990年5月1日出生，身份证号码{ID}，户籍：江北市临江县[[A:城关镇"
            "石桥村5组]]，现居住于江北市东湖区[[A:湖滨街道长安小区9栋302室]]。\n2024年6月3日22时许，"
            "[[K:李平安]]在东湖区某KTV内酒后滋事，将服务员[[F:黄欣怡]]推倒在地。经调查，上述事实有"
            "[[F:黄欣怡]]的陈述、在场人[[F:吴志鹏]]的证言及视频监控为证。"
        ),
    },
    {
        "id": "B02",
        "split": "blind",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：[[C:程立伟]]，男，汉族，初中文化，住：南岭市云溪县[[A:桃源镇福田村一组]]。\n"
            "经查，当事人于2024年4月起雇用[[F:范小勇]]、[[F:彭春来]]等三人在云溪县桃源镇福田村非法开采"
            "建筑用石料。[[F:范小勇]]证实每日工资由[[C:程立伟]]现金支付。"
        ),
    },
    {
        "id": "B03",
        "split": "blind",
        "parties": [
            {"name": "江北市华兴劳务有限公司", "kind": "legal_person"},
        ],
        "keep_names": [],
        "marked": (
            "用人单位：江北市华兴劳务有限公司\n统一社会信用代码：{USCC}\n法定代表人：[[C:邱海波]]\n"
            "住所：江北市东湖区工人路3号\n经查，该公司拖欠农民工[[F:雷德胜]]、[[F:薛长林]]、[[F:陆小芳]]"
            "等23人工资共计人民币386400元。本局于2024年8月5日向该公司送达《劳动保障监察限期改正指令书》，"
            "该公司逾期未改正。"
        ),
    },
    {
        "id": "B04",
        "split": "blind",
        "parties": [{"name": "王海洋", "kind": "natural_person"}],
        "keep_names": ["郑斌", "高翔"],
        "marked": (
            "当事人姓名：[[K:王海洋]]；性别：男；住址：江北市青山县[[A:城东镇青山路8号]]；"
            "联系电话：{MOB}。\n2024年9月12日，执法人员郑斌、高翔在青山县城东镇检查时发现，当事人"
            "驾驶的货车（车牌号：江A·C6688）装载的建筑垃圾未密闭运输，沿途撒漏。[[K:王海洋]]当场认可"
            "上述事实。"
        ),
    },
    {
        "id": "B05",
        "split": "blind",
        "parties": [{"name": "临江县星辰网吧", "kind": "individual_business"}],
        "keep_names": [],
        "marked": (
            "当事人：临江县星辰网吧\n负责人：[[C:杜星辰]]\n地址：临江县城关镇新华路77号二楼\n"
            "经查，2024年7月20日21时许，当事人接纳未成年人[[F:李小宝]]（14周岁）进入营业场所上网。"
            "网管[[F:袁梦琪]]未核对其身份证件。"
        ),
    },
    {
        "id": "B06",
        "split": "blind",
        "parties": [
            {"name": "谭秋月", "kind": "natural_person", "address": "南岭市西城区南门街道枫林苑2幢601室"}
        ],
        "keep_names": [],
        "marked": (
            "当事人：[[K:谭秋月]]，女，1983年2月28日出生，住南岭市西城区[[A:南门街道枫林苑2幢601室]]，"
            "系南岭市西城区秋月私房菜馆实际经营者。\n当事人未取得食品经营许可，在其住所南岭市西城区"
            "[[A:南门街道枫林苑2幢601室]]内从事餐饮服务。食客[[F:宁志远]]就餐后出现腹泻症状并投诉。"
        ),
    },
    {
        "id": "B07",
        "split": "blind",
        "parties": [{"name": "江北市蓝天环保科技有限公司", "kind": "legal_person"}],
        "keep_names": [],
        "marked": (
            "当事人：江北市蓝天环保科技有限公司，统一社会信用代码：{USCC}，法定代表人：[[C:季云鹏]]，"
            "住址：江北市临江县经济开发区环保路6号。\n经查，当事人未按环评要求建设废气处理设施即投入生产。"
            "当事人环保专员[[F:毛晓光]]陈述，公司总经理[[F:曹振东]]决定先行生产。"
        ),
    },
    {
        "id": "B08",
        "split": "blind",
        "parties": [{"name": "申屠浩然", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:申屠浩然]]，男，1996年8月15日出生，身份证号码：{ID}，联系地址：南岭市东湖区"
            "[[A:东湖街道文化路21号3单元501室]]。\n当事人在网络平台发布虚假招聘信息，骗取求职者"
            "[[F:孟佳琪]]、[[F:汪子涵]]培训费共计9800元。"
        ),
    },
    {
        "id": "B09",
        "split": "blind",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：青山县绿源种植专业合作社，法定代表人：[[C:贺文斌]]。\n经查，该合作社在青山县东山镇"
            "使用禁用农药甲拌磷防治韭菜虫害。现场人员[[F:何桂兰]]称农药系理事长[[F:贺文斌]]购买。"
        ),
    },
    {
        "id": "B10",
        "split": "blind",
        "parties": [{"name": "苏晓峰", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人[[K:苏晓峰]]，男，1989年3月3日生，住江北市临江县[[A:城关镇学前路19号]]。\n"
            "当事人驾驶浙A·D56789号小型新能源汽车，于2024年10月1日在临江县城关镇违反交通信号灯通行，"
            "与[[F:魏建军]]驾驶的电动自行车发生碰撞，造成[[F:魏建军]]受伤。"
        ),
    },
    {
        "id": "B11",
        "split": "blind",
        "parties": [{"name": "江北市安康大药房连锁有限公司东湖分店", "kind": "other_organization"}],
        "keep_names": [],
        "marked": (
            "当事人：江北市安康大药房连锁有限公司东湖分店，负责人：[[C:尹丽华]]，经营场所：江北市东湖区"
            "幸福大道15号。\n经查，当事人在驻店药师不在岗时销售处方药，由营业员[[F:秦雨萱]]收款。"
            "顾客[[F:韩立冬]]提供了购药小票。"
        ),
    },
    {
        "id": "B12",
        "split": "blind",
        "parties": [{"name": "朱永福", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:朱永福]]，男，1958年10月6日出生，住所：云溪县[[A:龙潭镇朱家湾村"
            "12号]]。\n当事人在未办理林木采伐许可证的情况下，雇请[[F:卢国荣]]砍伐其承包山场"
            "杉木32株。[[F:卢国荣]]系[[K:朱永福]]的邻居。"
        ),
    },
    {
        "id": "B13",
        "split": "blind",
        "parties": [{"name": "南岭市鼎盛建筑工程有限公司", "kind": "legal_person"}],
        "keep_names": ["黎军"],
        "marked": (
            "当事人：南岭市鼎盛建筑工程有限公司\n法定代表人：[[C:龙德胜]]\n住所：南岭市西城区建业路88号\n"
            "项目负责人：[[C:邵文博]]\n经查，当事人承建的西城区锦绣家园项目施工现场未设置防护围挡。"
            "2024年5月，执法人员黎军现场检查时，安全员[[F:冯涛]]未能提供安全技术交底记录。"
        ),
    },
    {
        "id": "B14",
        "split": "blind",
        "parties": [{"name": "戴玉珍", "kind": "natural_person"}],
        "keep_names": [],
        "marked": (
            "当事人：[[K:戴玉珍]]，女，身份证号码：{ID}，家庭地址：江北市青山县[[A:城西镇花园村6组21号]]。"
            "\n当事人在青山县城西镇农贸市场销售的鲜猪肉未经检疫。其子[[F:戴小军]]负责收款，"
            "摊位由[[K:戴玉珍]]向[[F:周长江]]租赁。"
        ),
    },
    {
        "id": "B15",
        "split": "blind",
        "parties": [],
        "keep_names": [],
        "marked": (
            "当事人：[[C:关胜利]]，男，1975年7月7日出生，居民身份证号码{ID}，住址江北市临江县"
            "[[A:白沙镇中心街45号]]。\n当事人在临江县白沙镇中心街45号开设的小卖部内销售烟花爆竹，"
            "未取得烟花爆竹经营（零售）许可证。"
        ),
    },
]

_MARK = re.compile(r"\[\[([KCFA]):([^\]]+)\]\]")
_KIND = {"K": ("person_name", "known"), "C": ("person_name", "context"), "F": ("person_name", "free")}


def _random_id(legacy: bool = False) -> str:
    region = RNG.choice(["330102", "110105", "320106", "440304", "510107", "420111"])
    year = RNG.randint(1950, 1999)
    birth = f"{year}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}"
    seq = f"{RNG.randint(0, 999):03d}"
    if legacy:
        return region + birth[2:] + seq
    return complete_resident_id(region + birth + seq)


def _random_mobile() -> str:
    return "1" + RNG.choice("3456789") + "".join(RNG.choice("0123456789") for _ in range(9))


def _random_uscc(category: str = "91") -> str:
    body = "".join(RNG.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    return complete_credit_code(category + "330100" + body)


def _random_card() -> str:
    payload = "622202" + "".join(RNG.choice("0123456789") for _ in range(12))
    return payload + luhn_check_digit(payload)


_FILLERS: dict[str, Callable[[], str]] = {
    "{ID}": lambda: _random_id(),
    "{ID15}": lambda: _random_id(legacy=True),
    "{MOB}": _random_mobile,
    "{USCC}": _random_uscc,
    "{USCC92}": lambda: _random_uscc("92"),
    "{CARD}": _random_card,
}


def parse_marked(marked: str) -> tuple[str, list[dict[str, Any]]]:
    """Strip the markup; return the plain text and the labels with code-point offsets."""
    out: list[str] = []
    labels: list[dict[str, Any]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        tag, surface = m.group(1), m.group(2)
        category, kind = _KIND.get(tag, ("address", "natural_person"))
        labels.append(
            {
                "start": length,
                "end": length + len(surface),
                "category": category,
                "kind": kind,
                "text": surface,
            }
        )
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), labels


def build() -> list[dict[str, Any]]:
    docs = []
    for doc in DOCS:
        marked = doc["marked"]
        for placeholder, make in _FILLERS.items():
            while placeholder in marked:
                marked = marked.replace(placeholder, make(), 1)
        text, labels = parse_marked(marked)
        docs.append(
            {
                **{k: v for k, v in doc.items() if k != "marked"},
                "marked": marked,
                "text": text,
                "labels": labels,
            }
        )
    return docs


if __name__ == "__main__":
    target = Path(__file__).with_name("labelled.json")
    target.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")
