# ruff: noqa: E501  (the decisions' texts are data: one line per paragraph)
"""Build ``labelled/*.json``: administrative decisions published by Chinese agencies, labelled by hand.

Run from the repository root when the texts below change (the output is committed):

    PYTHONPATH=src .venv/bin/python src/zhifa/lib/redact/tests/data/build_labelled.py

Where the texts come from
-------------------------
Each ``R``-document is a decision (行政处罚决定书, 林业行政处罚决定书, 不予行政处罚决定书, 责令改正决定书,
行政复议决定书 about a penalty) that an agency published on its website or that a third-party site
republished; ``source`` is the page it was read from. Official decisions of state organs are not
protected works (著作权法 Art.5(1)). The texts are excerpts (the beginning of the published page,
usually 0.5-1.5 KB), converted to simplified characters where the page was traditional, with obvious
scraping debris removed.

What was changed, and why
-------------------------
Published decisions are mostly redacted already (``陈**``, ``xx``, ``430923XXXXXXXX3270``), and the
few that are not name real people. Neither may stand in a test corpus, so **every natural person's
name, identity number, phone, home address, plate and account in these texts is fictional**: masked
items were filled with realistic invented values, and real names were replaced with invented names of
the same kind (a two-character name by a two-character name, an officer by an officer). Where a
business's registered name contains its operator's name, the operator's invented name was chosen to
keep that trap. Organizations, agencies, document numbers, law names, amounts and dates are as
published. Each document's ``note`` says what was inserted.

The ``V``-documents take the frame of an ``R``-document (named in their note) and replace its people
with the cases the issue names that the published excerpts lack: minority names (``阿依古丽·买买提``,
``达瓦次仁``, ``巴特尔``), foreign names, names that are ordinary words (``向东``, ``田野``, ``柳青``),
Hong Kong and Macao phones and permits, grouped phone and card numbers, older property-certificate
formats. They are labelled the same way.

How it was used (the same person labelled the texts and wrote the detectors: none of this is an
independent benchmark; the issue's own hidden set is)
--------------------------------------------------------------------------------------------
* ``R01``-``R36`` and ``V01``-``V07``: labelled first, then the rules and the model were tuned on them.
* ``H01``-``H07``: published decisions found and labelled after that tuning, measured once before
  any change. First look: names recall 19/19 with and without the model; name precision 19/29 with
  the model, 19/23 without; must-keep text 97.4 % / 97.9 %; one address overran into a date. The
  generic fixes that followed: officials named with their office (部长 …, ``，局长。``) kept, a
  company named after its owner recognised in its short form, names inside an organization's
  address kept, the model's persons refused after a product label (商标：, ®) or glued to a noun,
  ·-joined model names need parts of two characters, an address stops before a date.
* ``V08``-``V09``: address-heavy variants written after that, measured once first: names 16/16 with
  the model, 13/16 without; addresses 7/8 (…602房); two officers after 办案民警 redacted in text
  mode. Fixes: kinship nouns (其父, 表弟 …) as role nouns, 房 as an address end, 民警 as an
  officer cue.

So the figures ``bench/measure_redact.py`` prints are figures on text the detectors were fitted to;
the first looks above are the better estimate for new text.

Markup
------
``[[X:text]]`` labels ``text``; ``X`` is

* redact: ``P`` person name, ``A`` the part of a natural person's address below county level,
  ``I`` resident ID, ``T`` phone, ``B`` bank account, ``V`` vehicle plate, ``R`` property
  certificate, ``E`` e-mail, ``S`` passport or travel permit;
* keep (must stay as it is): ``n`` document number (文号), ``l`` law or regulation name, ``m`` amount,
  ``d`` date, ``o`` organization name, ``f`` officer's name or certificate number, ``g`` an
  organization's or business's address, ``c`` credit code or registration number, ``w`` an ordinary
  word that looks like a name or number (``经核算``, ``向东行驶``, brand names);
* ``x``: neither (a place of the offence, an agency's own account: not scored either way).

Placeholders, filled before parsing with seeded valid values: ``{ID:430223}`` resident ID of that
area (``{ID}``: a random area), ``{IDX}`` one ending in X, ``{MOB}`` mobile, ``{MOBG}`` mobile in
groups (``139 1234 5678``), ``{MOBH}`` with hyphens, ``{CARD}`` / ``{CARDG}`` Luhn-valid bank card
(grouped by 4), ``{USCC}`` credit code.

Each document also lists ``parties`` (what the case record knows: the party, its legal
representative or operator, as ``lib.redact.Party`` objects) and ``officers`` (the case's officers),
which ``bench/measure_redact.py`` passes in its ``case`` mode and withholds in its ``text`` mode.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

from zhifa.lib.identifiers import complete_credit_code, complete_resident_id, luhn_check_digit

OUT = Path(__file__).with_name("labelled")
RNG = random.Random(20261207)

REDACT = {
    "P": "person_name",
    "A": "address",
    "I": "id_number",
    "T": "phone",
    "B": "bank_account",
    "V": "vehicle_plate",
    "R": "property_certificate",
    "E": "email",
    "S": "passport",
}
KEEP = {
    "n": "doc_number",
    "l": "law",
    "m": "amount",
    "d": "date",
    "o": "organization",
    "f": "officer",
    "g": "org_address",
    "c": "credit_code",
    "w": "word",
}

NP = "natural_person"


def P(name: str, role: str = "party", kind: str = NP, **kw: str) -> dict[str, str]:
    return {"name": name, "kind": kind, "role": role, **kw}


def ORG(name: str, kind: str = "legal_person") -> dict[str, str]:
    return {"name": name, "kind": kind, "role": "party"}


DOCS: list[dict[str, Any]] = [
    {
        "id": "R01",
        "source": "http://m.irbhqh.cn/xzcfxzqzjd/51312.html",
        "note": "五原县市场监督管理局 五市监处罚〔2025〕95号. Operator's name replaced (苗青山); ID and phone "
        "were masked (152***…2814, 138****3822): fictional values inserted.",
        "parties": [ORG("五原县佳佳美综合门市", "individual_business"), P("苗青山", "legal_representative")],
        "officers": [],
        "marked": """[[o:五原县市场监督管理局]]行政处罚决定书
[[n:五市监处罚〔2025〕95号]]
当事人：[[o:五原县佳佳美综合门市]]
主体资格证照名称：营业执照
统一社会信用代码：[[c:92150821MACGAB4M3U]]
住所：[[g:五原县套海镇红旗村二社004号]]
经营者：[[P:苗青山]]
身份证号码：[[I:{ID:150821}]]
联系方式：[[T:{MOB}]]
[[d:2025年8月11日]]，本局依法对[[o:五原县烟草专卖局]]移送的当事人无烟草专卖零售许可证经营烟草制品零售业务一案进行调查。期间，本局进行了询问调查，调取了书证，制作了询问笔录。
现查明：[[d:2025年3月27日]]，[[o:五原县烟草专卖局]]以当事人未取得烟草专卖零售许可证从事卷烟经营为由对当事人进行现场检查并先行登记保存涉案卷烟。[[d:2025年3月28日]]，[[o:五原县烟草专卖局]]委托[[o:内蒙古烟草质量监督检测站]]对当事人涉案卷烟进行检验。经检验，当事人上述卷烟为真品卷烟。[[d:2025年7月10日]]，[[o:内蒙古烟草质量监督检测站]]出具了鉴别检验报告，报告编号为[[n:R-ZW2425070900615]]。调查查明，当事人从事烟草制品经营，一直未取得烟草专卖零售许可证，其涉案卷烟于[[d:2025年3月27日]]上午9点多由当事人[[P:苗青山]]从虹亚一期北门名叫天地红的烟酒门市购进，共10个品种8.5条卷烟，其中[[w:红塔山]]（软经典）0.8条、进价[[m:85元]]/条，[[w:长白山]]（迎春中支）0.9条、进价[[m:95元]]/条，[[w:真龙]]（凌云）1条、进价[[m:145元]]/条，[[w:云烟]]（紫）1条、进价[[m:125元]]/条，[[w:红金龙]]（硬蓝爱你）0.9条，[[w:黄山]]（新一品）1条、进价[[m:65元]]/条，南京（煊赫门）0.8条，[[w:兰州]]（硬珍品）0.4条。""",
    },
    {
        "id": "R02",
        "source": "https://ximeng.gov.cn/info/24244/501561.htm",
        "note": "西盟佤族自治县市场监督管理局 云市监普西处罚〔2025〕0023号. Party, ID and address were masked "
        "(xx, 533523xxxx): fictional 施玉兰 and values inserted; officers' names replaced, their "
        "certificate numbers kept as published.",
        "parties": [P("施玉兰")],
        "officers": ["魏振东", "孔浩然", "汪春燕"],
        "marked": """[[o:西盟佤族自治县市场监督管理局]]
行政处罚决定书
[[n:市监普西处罚〔2025〕0023号]]
当事人：[[P:施玉兰]]
主体资格证照名称：
统一社会信用代码：
住所（住址）：西盟佤族自治县[[A:勐卡镇商业片区佤山路18号]]
法定代表人（负责人、经营者）：[[P:施玉兰]]
身份证件号码：[[I:{ID:530829}]]
（案件来源及调查经过）[[d:2025年01月14日]][[o:西盟佤族自治县烟草专卖局]]、[[o:西盟佤族自治县公安局]]、[[o:西盟佤族自治县市场监督管理局]]到西盟县勐卡镇商业片区[[P:施玉兰]]门店开展检查时，在该店售烟柜台和货柜下方的纸箱内摆放有红河（硬88）84mm卷烟30条。[[d:2025年01月17日]][[o:西盟县烟草专卖局]]经过初步调查后依据《[[l:中华人民共和国烟草专卖法]]》第三十二条、《[[l:中华人民共和国烟草专卖法实施条例]]》第五十七条、《[[l:烟草专卖行政处罚程序规定]]》第十三条第一款的规定将涉案卷烟和《西盟佤族自治县烟草专卖局案件移送函》（[[n:西盟县局烟移[2005]第6号]]）等材料移送至我局，相关材料和财物由[[f:魏振东]]、[[f:孔浩然]]当场清点、签收。[[d:2025年01月17日]]，报经局领导批准予以立案调查，指定[[f:孔浩然]]（[[f:2507103003]]）、[[f:汪春燕]]（[[f:25071030010]]）负责承办。向当事人直接送达[[n:西市监询通〔2025〕0023号]]《西盟佤族自治县市场监督管理局询问通知书》。[[d:2025年01月20日]]，经营者[[P:施玉兰]]到西盟县市场监管综合行政执法大队办公室询问室接受询问调查。""",
    },
    {
        "id": "R03",
        "source": "https://www.72424.cn/257/444/34905/content_2054418.html",
        "note": "安化县市场监督管理局 安市监罚〔2025〕57号 (traditional on the page). Operator's name replaced "
        "(吴松林); ID and phone masked on the page: fictional values inserted. Cigarette brands kept: "
        "several start with a surname character.",
        "parties": [ORG("安化县优聚百货商行", "individual_business"), P("吴松林", "legal_representative")],
        "officers": [],
        "marked": """[[o:安化县市场监督管理局]]
行政处罚决定书
[[n:安市监罚〔2025〕57号]]
当事人：[[o:安化县优聚百货商行]]
主体资格证照名称：《营业执照》
统一社会信用代码：[[c:92430923MACEE9QU3W]]
住所（住址）：[[g:湖南省益阳市安化县羊角塘镇大裕社区双树组]]
经营者：[[P:吴松林]]
身份证号码：[[I:{ID:430923}]]
联系方式：[[T:{MOB}]]
[[d:2024年11月22日]]，本局执法人员对当事人经营情况进行现场检查，在当事人货架上发现以下品类的烟草制品：1、[[w:庐山]]牌香烟4盒，标价[[m:8元]]/盒；2.[[w:荷花]]牌（钻石）香烟1盒，标价[[m:35元]]/盒；3、[[w:白沙]]烟（精品）香烟3盒，标价[[m:9元]]/盒；4、[[w:芙蓉王]]（黄盒）香烟11盒，标价[[m:25元]]/盒；5、南京（炫赫门细支）香烟1盒，标价[[m:20元]]/盒；6、[[w:利群]]（新版）香烟7盒，标价[[m:18元]]/盒；7、[[w:中华]]（双中支）香烟7盒，标价[[m:55元]]/盒；8、[[w:苏烟]]（五星红杉树）香烟10盒，标价[[m:22元]]/盒；9、[[w:双喜]]（软珍品好日子小盒）香烟4盒；10、[[w:好猫金丝猴]]硬盒香烟5盒；11、[[w:黄鹤楼]]（硬奇景）香烟4盒，标价[[m:30元]]/盒；12、[[w:黄鹤楼]]（硬侠骨柔情）香烟2盒；13、[[w:白沙]]（和天下）香烟2盒，标价[[m:100元]]/盒；当事人无法提供烟草专卖零售许可证。本局依法对上述无烟草专卖零售许可证经营的烟草制品采取先行登记保存措施。经询问，当事人经营者[[P:吴松林]]承认上述香烟均系其从流动商贩处购进。""",
    },
    {
        "id": "R04",
        "source": "pages corpus excerpt: 焦作市市场监督管理局 焦市监罚决字〔2023〕3号",
        "note": "The excerpt carried no URL. The operator's name replaced (陈晓光); the business's "
        "registered name 陈明超市 kept whole (it must not be redacted as a name). Blank ID/phone "
        "fields filled with fictional values.",
        "parties": [
            ORG("焦作市城乡一体化示范区阳庙镇北西尚村陈明超市", "individual_business"),
            P("陈晓光", "legal_representative"),
        ],
        "officers": [],
        "marked": """[[o:焦作市市场监督管理局]] 行政处罚决定书 [[n:焦市监罚决字〔2023〕3号]]
当事人：[[o:焦作市城乡一体化示范区阳庙镇北西尚村陈明超市]] 主体资格证照名称：营业执照 经营者：[[P:陈晓光]] 身份证（其他有效证件）号码：[[I:{ID:410811}]] 联系电话：[[T:{MOBG}]]
[[d:2023年1月16日]]我局执法人员接到[[o:焦作市烟草专卖局]]的案件移送函：[[n:焦烟移[2023]第0005号]]，称发现当事人[[P:陈晓光]]无《烟草专卖零售许可证》销售卷烟。[[d:2023年1月16日]]根据移送函，我局执法人员到焦作市城乡一体化示范区阳庙镇北西尚[[o:陈明超市]]进行检查，现场有《营业执照》、《食品经营许可证》，没有《烟草专卖零售许可证》。执法人员当场制作了现场检查笔录。
经查：[[d:2023年1月5日]]，当事人[[P:陈晓光]]在未向烟草专卖局申请登记领取《烟草专卖零售许可证》的情况下，在[[o:焦作市城乡一体化示范区阳庙镇北西尚村陈明超市]]擅自从事卷烟销售活动。通过烟草专卖局的案件移送函和对当事人的询问笔录可知，当事人经营的卷烟品种规格、数量、进销货价格分别是：1：[[w:黄金叶]]（硬红旗渠）2条，进货价每条[[m:97.00元]]，合计[[m:194.00元]]；2：[[w:黄金叶]]（硬帝豪）2条，进货价每条[[m:97.00元]]；3：[[w:玉溪]]（软）1条，进货价[[m:201.40元]]。综合统计，当事人共购进5条，进货价一共[[m:589.40元]]，销售价是[[m:670元]]。""",
    },
    {
        "id": "R05",
        "source": "https://www.360docs.net/doc/1d19300633.html",
        "note": "建始县工商行政管理局 decision quoted as a model text. Party and officers replaced (陈维松; "
        "谢昌武, 唐保成); the masked ID and registration number filled with fictional values; the "
        "year of the document number (20__) filled in.",
        "parties": [P("陈维松", address="湖北省建始县业州镇奇洋坝三组4号")],
        "officers": ["谢昌武", "唐保成"],
        "marked": """[[o:建始县工商行政管理局消保分局]]行政处罚决定书[[n:建工商处字〔2022〕75号]]当事人：[[P:陈维松]]，男，现年36岁，汉族，初中文化，身份证编号：[[I:{ID:422822}]]，家住湖北省建始县[[A:业州镇奇洋坝三组4号]]，营业执照注册号：[[c:422822600183456]]。
经营范围及方式：卷烟零售百货。
[[d:2022年8月11日]]，我分局执法人员对当事人在本县[[g:业州镇解放路1号]]门店进行检查时，发现你在上述经营场所销售从非正规渠道购进的卷烟，不能提供合法的进货发票，其行为涉嫌违反了《[[l:城乡个体工商户管理暂行条例]]》第十九条第七项的规定，为查清事实，在检查当日由[[f:谢昌武]]、[[f:唐保成]]填写了《立案审批表》，经本局领导批准依法对当事人立案，并指定由[[f:谢昌武]]、[[f:唐保成]]办理。
经查：你称在其经营门店从事卷烟经营活动时，有人于2022年6月份给你送来卷烟，[[P:陈维松]]未查验其烟草专卖批发企业出具的合法票据。""",
    },
    {
        "id": "R06",
        "source": "http://m.13522001275.com/25221/25222/26735/26757/27392/content_1842718.html",
        "note": "岳阳市生态环境局 岳环罚决字〔2021〕136号. Legal representative replaced (吴泉生). The "
        "company's address is labelled 住址 on the page: it is the company's, so it stays.",
        "parties": [ORG("汨罗市恒锋新材料有限公司"), P("吴泉生", "legal_representative")],
        "officers": [],
        "marked": """[[n:岳环罚决字〔2021〕136号]]
行政处罚决定书
[[o:汨罗市恒锋新材料有限公司]]：
统一社会信用代码：[[c:91430681MA4T2K5X3Q]]
法定代表人：[[P:吴泉生]]
住址：[[g:汨罗市罗江镇金塘村]]
[[o:汨罗市恒锋新材料有限公司]]环境违法一案，经[[o:岳阳市生态环境局汨罗分局]]调查并移送我局，现已审查终结。
一、环境违法事实和证据
[[o:岳阳市生态环境局汨罗分局]]于[[d:2021年4月28日]]现场检查，发现你公司在未重新报批环评文件的情况下，擅自改变原材料和生产工艺。
以上事实，有《现场监察记录》、《调查询问笔录》、《现场勘查笔录》、营业执照复印件、现场照片等证据为凭。你公司上述行为违反了《[[l:中华人民共和国环境影响评价法]]》第二十四条第一款的规定。
我局于[[d:2021年7月19日]]告知你公司违法事实、处罚依据和拟作出的处罚决定，并告知你公司有权进行陈述和申辩。你公司在法定期间内未提出陈述和申辩，也未申请听证。
以上事实，有我局[[d:2021年7月19日]]《行政处罚事先（听证）告知书》（[[n:岳环罚告字〔2021〕136号]]）及《送达回证》为证。
二、行政处罚的依据、种类
根据《[[l:中华人民共和国环境影响评价法]]》第三十一条第一款的规定，结合《[[l:湖南省环境保护行政处罚裁量权基准]]》，责令你公司停止项目建设，并对你公司作出如下行政处罚：
罚款人民币[[m:伍万贰仟壹佰贰拾元]]。""",
    },
    {
        "id": "R07",
        "source": "http://www.tjzhds.com/xxgk/zdlyxxgk/hjbhxxgk/xzcfxx/content/post_1047595.html",
        "note": "湛江市生态环境局 湛环罚字〔2019〕26号 (traditional on the page). Legal representative "
        "replaced (郑伟贤). Document numbers with parentheses and a Latin 机关代字 kept.",
        "parties": [ORG("廉江市绿色东方新能源有限公司"), P("郑伟贤", "legal_representative")],
        "officers": [],
        "marked": """[[n:湛环罚字〔2019〕26号]]
[[o:湛江市生态环境局]]行政处罚决定书
[[o:廉江市绿色东方新能源有限公司]]：
统一社会信用代码：[[c:91440800059912936G]]
法定代表人：[[P:郑伟贤]]
地址：[[g:廉江市横山镇七星岭（县道680北侧）]]
一、环境违法事实和证据
[[d:2019年6月20日]]，[[o:广东省生态环境厅]]向我局下达《环境监察通知书》（[[n:粤环函〔2019〕1061号]]）并附[[o:广东省环境监测中心]]监测报告（[[n:粤环境监测LB字（2019）第147号]]），环境监察通知书载明：[[d:2019年4月24日]]，[[o:广东省环境监测中心]]在开展2019年生活垃圾处理企业监督性监测中，发现你公司1#焚烧炉二噁英类排放浓度超过《[[l:生活垃圾焚烧污染控制标准]]》（GB18485-2014）限值0.3倍。[[d:2019年7月8日]]，我局执法人员会同廉江分局执法人员到你公司对该情况进行了调查核实，并制作调查询问笔录和现场检查笔录。经查，该情况属实。
你公司的上述行为违反了《[[l:中华人民共和国大气污染防治法]]》第十八条的规定。""",
    },
    {
        "id": "R08",
        "source": "http://yegodx.com/37584/38152/62573/62585/62586/content_2277237.html",
        "note": "岳阳市生态环境局 岳县环罚〔2025〕1号 (traditional on the page). The operator was masked "
        "(李**): fictional 李坚磊, whose given name is also in the business's registered name.",
        "parties": [ORG("岳阳县坚磊矿石粉厂", "individual_business"), P("李坚磊", "legal_representative")],
        "officers": [],
        "marked": """[[n:岳县环罚〔2025〕1号]]
行政处罚决定书
[[o:岳阳县坚磊矿石粉厂]]（个体工商户）：
经营者：[[P:李坚磊]]
统一社会信用代码：[[c:92430621MA4RE6UX2M]]
地址：[[g:岳阳县杨林街镇王安村兰田片1组]]
一、生态环境违法事实和证据
[[d:2024年12月10日]]上午，[[o:岳阳市生态环境局岳阳县分局]]对[[o:岳阳县坚磊矿石粉厂]]（个体工商户）开展执法检查，发现你厂实施了以下生态环境违法行为：在未取得环境影响评价审批手续的情况下，擅自于2024年8月开工建设长石粉加工生产线，并于同年12月建成，暂未投入生产。
以上事实有下列证据证明：
1.证据名称：营业执照、法定代表人身份证复印件各1份；提取时间：[[d:2024年12月11日]]；提供单位：你厂；证明内容：证明你厂的基本信息。
2.证据名称：《现场检查记录》1份；作出时间：[[d:2024年12月10日]]；作出单位：[[o:岳阳市生态环境局岳阳县分局]]；《调查询问笔录》1份，被询问人：[[P:李坚磊]]；证明内容：你厂在未取得环境影响评价审批手续的情况下，擅自建设长石粉加工生产线的事实。""",
    },
    {
        "id": "R09",
        "source": "http://www.jiangmen.gov.cn/bmpd/jmssthjj/pcfj/jhfj/bmwj/content/post_1878575.html",
        "note": "江门市生态环境局. Legal representative replaced (叶智勇).",
        "parties": [ORG("江门市科华电器有限公司"), P("叶智勇", "legal_representative")],
        "officers": [],
        "marked": """当事人：[[o:江门市科华电器有限公司]]
统一社会信用代码：[[c:91440704304226404T]]
法定代表人：[[P:叶智勇]]
地址：[[g:江门市江海区高新西路145号5幢首层（自编A1）]]
一、调查情况及发现的环境违法事实、证据
[[d:2019年9月28日]]，[[o:江门市生态环境局江海分局]]到你（单位）进行检查，发现你（单位）主要从事塑料制品项目生产。现场检查时，发现你（单位）在未配套环境保护治理设施或需配套的环境保护设施未经验收合格的情况下，塑料制品项目已擅自投入生产。
上述事实有现场检查（勘察）记录、调查询问笔录和现场照片等为证。
二、行政处罚的依据、种类
你（单位）的上述行为，违反了《[[l:建设项目环境保护管理条例]]》第十五条和第十九条第一款的规定。我局于[[d:2019年11月25日]]向你送达了《江门市生态环境局行政处罚听证告知书》（[[n:江江环罚听告[2019]7号]]），告知你（单位）违法事实、处罚依据和拟作出的处罚决定，并告知你（单位）有权进行听证、陈述和申辩。你（单位）在法定期限内未进行听证、陈述和申辩。根据《[[l:建设项目环境保护管理条例]]》第二十三条第一款的规定，处[[m:20万元]]以上[[m:100万元]]以下的罚款。""",
    },
    {
        "id": "R10",
        "source": "https://m.macharness.com/ssthjj/zwgk/show/e74bad46f52c44ff8d0882553a40e18d.html",
        "note": "遂宁市生态环境局 遂环责改字〔2021〕05号. Responsible person replaced (黄永宏); masked ID "
        "(510902********8198) filled with a fictional one.",
        "parties": [ORG("船山区兴隆屠宰加工厂", "individual_business"), P("黄永宏", "legal_representative")],
        "officers": [],
        "marked": """[[o:遂宁市生态环境局]]
责令改正违法行为决定书
[[n:遂环责改字〔2021〕05号]]
[[o:船山区兴隆屠宰加工厂]]：
社会信用代码：[[c:91500903MA64NC2C0B]]
法定代表人（负责人）：[[P:黄永宏]]
身份证号码：[[I:{ID:510902}]]
地址：[[g:四川省遂宁市船山区桂花镇桂香街1号附31号]]
我局于[[d:2021年9月1日]]对你厂进行了调查，发现你厂实施了以下环境违法行为：你厂擅自扩大生产规模，未重新报批环境影响评价。
以上事实，有现场照片，视频、现场勘验笔录等证据为凭。
上述行为违反了《[[l:中华人民共和国环境影响评价法]]》第二十四条第一款之规定。
依据《[[l:中华人民共和国行政处罚法]]》第二十八条第一款和《[[l:中华人民共和国环境影响评价法]]》第三十一条第一款之规定，现责令你厂在收到本决定书之日起立即停止违法行为，并重新报批环境影响评价文件。
你厂如对本决定不服，可在收到本决定书之日起60日内向[[o:遂宁市人民政府]]申请行政复议，也可在收到本决定书之日起六个月内向[[o:遂宁市船山区人民法院]]提起行政诉讼。
[[o:遂宁市生态环境局]]
[[d:2021年9月27日]]""",
    },
    {
        "id": "R11",
        "source": "http://www.liling.gov.cn/c1065/20250513/i2362984.html",
        "note": "醴陵市市场监督管理局 醴市监处罚字〔2025〕第104号. Operator masked (陈**): fictional 陈康明, "
        "whose given name is in the business's name.",
        "parties": [ORG("醴陵市康明视光中心", "individual_business"), P("陈康明", "legal_representative")],
        "officers": [],
        "marked": """[[o:醴陵市市场监督管理局]]
[[n:醴市监处罚字〔2025〕第104号]]
当事人：[[o:醴陵市康明视光中心]]
统一社会信用代码：[[c:92430281MA4Q9B7H0L]]
类型：个体工商户
经营场所：[[g:湖南省株洲市醴陵市白兔潭镇金牛社区白屋组]]
经营者：[[P:陈康明]]
经营范围：眼镜销售、日用品零售、近视防控、三类医疗器械销售。
[[d:2025年3月5日]]，我局执法人员与[[o:醴陵市检察院]]工作人员对[[o:醴陵市康明视光中心]]进行日常监督检查时，发现该店内进门右手边柜子里有“[[w:海昌]]”软性亲水接触镜待售，现场未发现当事人办理有《医疗器械经营许可证》。[[d:2025年3月5日]]，执法人员对当事人进行立案调查并依法对现场发现的“[[w:海昌]]”软性亲水接触镜23盒实施扣押。
现已查明：当事人所销售的“[[w:海昌]]”软性亲水接触镜经在[[o:国家药品监督管理局]]网站查询上述产品均为第三类医疗器械。当事人是在未取得医疗器械经营许可证的情况下从事软性亲水接触镜产品的经营活动，在进货时未查验供货商经营资质，未留存进货票据。经当事人经营者[[P:陈康明]]供述，该批次“[[w:海昌]]”软性亲水接触镜共购进30盒，货值金额[[m:990元]]，已销售7盒，共计获利[[m:35元]]。""",
    },
    {
        "id": "R12",
        "source": "https://ciopharma.com/supervise/35043",
        "note": "广州市增城区市场监督管理局 穗增市监处罚〔2023〕850号. Legal representative replaced (阮秀娟).",
        "parties": [
            ORG("广东金健保芝林医药健康有限公司新塘长堤路分公司"),
            P("阮秀娟", "legal_representative"),
        ],
        "officers": [],
        "marked": """行政处罚决定书
[[n:穗增市监处罚〔2023〕850号]]
当事人：[[o:广东金健保芝林医药健康有限公司新塘长堤路分公司]]；
统一社会信用代码：[[c:91440101MA5CYKKP9L]]；
法定代表人：[[P:阮秀娟]]；
类型：有限责任公司（自然人投资或控股）；
住所：[[g:广州市增城新塘镇建设路2号]]；
成立日期：[[d:2019年09月23日]]；
[[d:2023年11月13日]]，本局执法人员对当事人进行监督检查，发现在当事人经营场所内的货架上在售的保健用品“活洛油”（[[n:黔卫健用证字【2016】第0002号]]）与医疗器械同在医疗器械货架上陈列，当事人涉嫌未将医疗器械与非医疗器械产品分开陈列，本局于当日立案调查。
现查明，当事人于[[d:2023年9月11日]]向[[o:广东英达尔药业有限公司]]购进了24盒“活洛油”（卫生许可证号：[[n:黔卫健用证字【2016】第0002号]]），购进单价为[[m:31.80元]]/盒，上述产品为非医疗器械产品。""",
    },
    {
        "id": "R13",
        "source": "http://www.hnyx.gov.cn/c5662/20251205/i2450359.html",
        "note": "攸县交通运输局 湘攸交处罚〔2025〕092(非)号. Party replaced (肖江林); ID and phone were "
        "partly masked: fictional values; address number and plate replaced with fictional ones.",
        "parties": [P("肖江林", address="湖南省攸县谭桥街道东塔社区老码头组老码头016号")],
        "officers": [],
        "marked": """[[o:攸县交通运输局]] 行政处罚决定书--[[n:湘攸交处罚〔2025〕092(非)号]]
[[o:攸县交通运输局]]
行政处罚决定书
[[n:湘攸交处罚〔2025〕092(非)号]]
一、当事人基本情况
姓名：[[P:肖江林]]，性别：男，民族：汉，身份证号码：[[I:{ID:430223}]]，联系电话：[[T:{MOB}]]，住址：湖南省攸县[[A:谭桥街道东塔社区老码头组老码头016号]]。
二、案件来源及调查经过
[[d:2025年11月28日]]15时20分，[[P:肖江林]]驾驶车牌[[V:湘BD12345]]比亚迪牌五座小型轿车在攸县城乡客运汽车站，擅自从事网络预约出租汽车经营，被[[o:攸县交通运输综合行政执法大队]]客运中队查获。经执法人员进一步调查发现：[[P:肖江林]]驾驶该车通过滴滴网约车平台接单从攸县四中至攸县城乡客运汽车站，搭乘四名学生。送到目的地后通过滴滴网约车平台结算。本机关于[[d:2025年11月28日]]对你涉嫌未取得《网络预约出租汽车运输证》，擅自从事网络预约出租汽车经营的行为予以立案调查。
三、违法事实及相关证据
经查，[[P:肖江林]]未取得《网络预约出租汽车运输证》，擅自从事网络预约出租汽车经营活动，违反了《[[l:网络预约出租汽车经营服务管理暂行办法]]》第三章第十三条之规定。
上述证据经过[[P:肖江林]]本人阅示并发表意见，根据《[[l:湖南省行政程序规定]]》第七十一条、第七十三条规定，可作为本案证据材料使用。""",
    },
    {
        "id": "R14",
        "source": "http://obahou.com/OpennessContent/download/530236.html",
        "note": "鄂温克族自治旗交通运输综合行政执法大队 (traditional on the page). Driver replaced (姚志远); "
        "plate replaced with a fictional one.",
        "parties": [P("姚志远")],
        "officers": [],
        "marked": """[[d:2025年08月05日]]10时00分[[o:鄂温克族自治旗交通运输综合行政执法大队]]执法人员在鄂温克族自治旗巴彦托海镇惠普小区处当场查获当事人[[P:姚志远]]。经调查当事人[[P:姚志远]]驾驶无道路运输证的[[V:陕AK6253]]号重型自卸货车从鄂温克族自治旗X358线三道湾处装载货物至鄂温克族自治旗巴彦托海镇草原明珠附近，当事人[[P:姚志远]]未取得道路运输经营许可，擅自从事道路普通货物运输经营活动违法事实清楚。当事人[[P:姚志远]]违反了《[[l:中华人民共和国道路运输条例]]》第二十四条的规定。依据《[[l:中华人民共和国道路运输条例]]》第六十三条 违反本条例的规定，有下列情形之一的，由县级以上地方人民政府交通运输主管部门责令停止经营，并处罚款：（一）未取得道路运输经营许可，擅自从事道路普通货物运输经营，违法所得超过[[m:1万元]]的，没收违法所得，处违法所得1倍以上5倍以下的罚款；没有违法所得或者违法所得不足[[m:1万元]]的，处[[m:3000元]]以上[[m:1万元]]以下的罚款。""",
    },
    {
        "id": "R15",
        "source": "https://m.qclgf.com/zrzyj/zwgk/gsgg/xzzfgs/20260119/i3851421.html",
        "note": "衡南县自然资源局 清自资罚决字〔2026〕1号 (traditional on the page). Both parties replaced "
        "(段宜刚, 蒋萍娥); they are named without any context word. The plot's place is the "
        "offence's place (x).",
        "parties": [P("段宜刚"), P("蒋萍娥")],
        "officers": [],
        "marked": """行政处罚决定书
[[n:清自资罚决字〔2026〕1号]]
[[P:段宜刚]]、[[P:蒋萍娥]]：
经县人民政府指定，由我局对你二人非法占用土地建房一案进行查处。我局于[[d:2025年11月25日]]依法委托[[o:茅市镇人民政府]]立案调查。经查，你二人于2020年3月未经依法批准在[[x:衡南县茅市镇坪山村周家组]]占用耕地建房，同年9月竣工。房屋共建设五层（含地下一层），建筑面积2413.23㎡，占地面积521.6㎡，其中非法占用耕地338.8㎡、林地133.6㎡、其他土地49.2㎡。
另查明，[[P:段宜刚]]在2020年违法建设时，非该村集体经济组织成员，2025年6月入库该村集体经济组织成员信息，存在争议。[[P:蒋萍娥]]为该村集体经济组织成员，在[[x:坪山村周家组]]拥有一处农村宅基地，对于新建房屋既未出资，亦无建设能力，该案涉房屋实为[[P:段宜刚]]借用[[P:蒋萍娥]]集体经济组织成员资格所建。
你二人上述行为违反了《[[l:中华人民共和国土地管理法]]》第二条、第六十二条等规定。其未依法取得乡村建设规划许可证即进行建设的行为，违反了《[[l:中华人民共和国城乡规划法]]》第四十一条第三款的规定。""",
    },
    {
        "id": "R16",
        "source": "https://bnrp.weihai.gov.cn/art/2024/12/16/art_10919_5108865.html",
        "note": "威海市自然资源和规划局 威自然执(经)罚字〔2024〕4号. Party replaced (张德礼).",
        "parties": [P("张德礼")],
        "officers": [],
        "marked": """[[P:张德礼]]行政处罚决定书
[[o:威海市自然资源和规划局]] 行政处罚决定书 [[n:威自然执(经)罚字〔2024〕4号]]
当事人：[[P:张德礼]] 你未经依法批准，于2015年擅自占用[[x:崮山镇北虎口村]]1827平方米土地建设房屋的行为，违反了《[[l:中华人民共和国土地管理法]]》第二条和第四十四条的规定。该宗地现状地类全部为未利用地（其中裸地1463平方米、其他草地364平方米），1161平方米符合国土空间规划，666平方米不符合国土空间规划。 上述违法事实有下列证据证实： 1.[[P:张德礼]]身份证复印件1份、合同书复印件1份。证明违法主体为你本人。2.询问笔录2份。证明你于2015年占用[[x:崮山镇北虎口村]]土地建设房屋。3.现场勘测笔录1份，现场照片2张，勘测定界图1份。 4.卫星遥感影像图6份。我局已于[[d:2024年11月26日]]依法向你送达了《行政处罚告知书》和《行政处罚听证告知书》，你在规定期限内既未进行陈述和申辩，也未提出听证要求。""",
    },
    {
        "id": "R17",
        "source": "http://www.liling.gov.cn/c1065/20241129/i2285268.html",
        "note": "醴陵市林业局 醴林罚决字[2024]第045号. Party masked (邓*): fictional 邓建林 with a fictional "
        "home address; the two people questioned (相关人) replaced (胡家旺, 胡勇).",
        "parties": [P("邓建林", address="醴陵市板杉镇寨下村龙家冲组12号")],
        "officers": [],
        "marked": """林业行政处罚决定书 [[n:醴林罚决字[2024]第045号]]
被处罚人姓名 [[P:邓建林]] 性别 男 出生日期 [[x:1968年3月2日]]
身份证号码 [[I:{ID:430281}]] 现住 醴陵市[[A:板杉镇寨下村龙家冲组12号]]
经依法查明，你于2024年4月，未办理林木采伐许可证的情况下，在[[x:醴陵市板杉镇寨下村龙家冲组原搅拌站附近]]砍伐樟木64株用于销售，经检查，砍伐林木合计原木材积3.639立方米，折合立木蓄积7.278立方米。
上述事实，主要由下列证据予以证明（证据采信理由）：
证据一：当事人的身份证复印件一份，证明了当事人的主体资格；
证据二：本局执法人员在当事人砍伐林木现场进行现场勘验的《勘验、检查笔录》一份，检尺码单一份，当事人砍伐林木的现场照片一张。
证据三：当事人《询问笔录》一份，相关人[[P:胡家旺]]、[[P:胡勇]]《询问笔录》各一份，证明了当事人未办理林木采伐许可证，砍伐林木的相关情况。""",
    },
    {
        "id": "R18",
        "source": "http://www.kmxd.gov.cn/c/2023-03-10/6567769.shtml",
        "note": "寻甸回族彝族自治县林业和草原局 寻林罚决字〔2023〕第8号. Party replaced (周淑芬). The "
        "agency's own collection account is not scored (x).",
        "parties": [P("周淑芬")],
        "officers": [],
        "marked": """林业行政处罚决定书 [[n:寻林罚决字〔2023〕第8号]]
被处罚人姓名：[[P:周淑芬]] 性别：女
经依法查明，你未经林业行政许可，于2021年5月，在[[x:寻甸县金所街道办竹沟社区魏所村白沙坡]]（小地名）集体林地内建养殖房，打场修道路，经现场勘验，改变林地面积697平方米，地类：乔木林地，森林类别：重点商品林，林种：一般用材林。属70林班、31小班。
上述行为及事实有当事人陈述及证人证言、现场勘验、现场照片等证据为证。该行为违反了《[[l:中华人民共和国森林法]]》第三十七条第一款的规定，属于擅自改变林地用途，已构成违法。依据《[[l:中华人民共和国森林法实施条例]]》第四十三条第一款的规定，本机关决定对你给予以下行政处罚：
1、处以697㎡×11元/㎡=[[m:7667元]]（[[m:柒仟陆佰陆拾柒元整]]）的罚款；
2、责令限期于[[d:2023年8月30日]]前恢复原状，补种树木233株。
本决定书中的罚款，限你于收到本决定书之日起，十五日内到[[o:中国农业银行寻甸支行]]银行（账号：[[x:24219301040009986]]）缴纳。
如对本林业行政处罚决定不服，可于接到本决定书之日起六十日内，向[[o:寻甸回族彝族自治县人民政府]]申请行政复议，也可以于六个月内直接向[[o:寻甸回族彝族自治县人民法院]]提起诉讼。
[[o:寻甸回族彝族自治县林业和草原局]]
二0二三年二月十三日""",
    },
    {
        "id": "R19",
        "source": "http://anhua.gov.cn/257/346/34897/content_1895766.html",
        "note": "安化县林业局 安林罚决字[2024]第00001号. Party replaced (刘光忠) with a fictional address "
        "(masked on the page); the witness replaced (张虎成).",
        "parties": [P("刘光忠", address="安化县东坪镇坪溪村七组23号")],
        "officers": [],
        "marked": """林业行政处罚决定书
[[n:安林罚决字[2024]第00001号]]
被处罚人姓名 [[P:刘光忠]] 性别 男 出生日期 [[x:1961年10月9日]]
身份证号码 [[I:{ID:430923}]] 工作单位 住址 安化县[[A:东坪镇坪溪村七组23号]]
经查明，根据[[o:安化县森林公安局]]移送的案件线索，经调查核实：2023年10月，安化县东坪镇坪溪村村民[[P:刘光忠]]在未办理林木采伐许可证的情况下，私自将位于[[x:安化县东坪镇木子社区]]（小地名“志林溪”）林木砍伐。经林业专业技术人员现场鉴定，砍伐杉木22根，蓄积0.9236立方米，杂木76根，蓄积4.7922立方米。
上述事实，主要由下列证据予以证明：
证据一：当事人[[P:刘光忠]]询问笔录、[[P:张虎成]]询问笔录共2份。
证明：当事人没有办理采伐手续而滥伐林木。
证据二：现场勘验、检查笔录（附：现场照片、现场示意图）。
本案处罚的法律依据为：《[[l:中华人民共和国森林法]]》第七十六条第二款。""",
    },
    {
        "id": "R20",
        "source": "http://www.kaisidi.cc/xxgk/xzfy/content/post_9762213.html",
        "note": "花都区人民政府 行政复议决定书 花都府行复〔2024〕165号 about a public-security penalty "
        "(traditional on the page). Everyone was pseudonymized on the page (江某某, 严某光 …): fictional "
        "full names inserted; an officer referred to as 廖警官 is not scored; his masked phone "
        "(198XXXXXXXX) filled with a fictional mobile.",
        "parties": [P("江小梅"), P("严国华", "other"), P("严国意", "other"), P("严国光", "other")],
        "officers": [],
        "marked": """行政复议决定书 [[n:花都府行复〔2024〕165号]]
申请人：[[P:江小梅]]
被申请人：[[o:广州市公安局花都区分局]]
申请人不服被申请人作出的行政处罚决定，向本府申请行政复议，本府依法予以受理，现已审查终结。
申请人请求：
撤销被申请人于[[d:2024年1月12日]]作出的[[n:穗公花行罚决字〔2024〕310403号]]《行政处罚决定书》，责令被申请人重新调查处理。
申请人称：
对方三人，即[[P:严国光]]、[[P:严国志]]、[[P:严国意]]殴打申请人老公[[P:严国华]]，[[P:严国意]]一脚踢[[P:严国华]]腰椎，申请人上前拉开[[P:严国意]]，没有殴打对方。录口供期间，花山派出所[[x:廖警官]]多次误导申请人，申请人拨打12345投诉期间，花山派出所民警[[x:廖警官]]通过电话[[T:{MOB}]]回复申请人。
被申请人答复称：
[[d:2023年12月3日]]12时许，被申请人花山派出所民警接第三人[[P:严国意]]报称在花山镇某某村，被[[P:江小梅]]及[[P:江小梅]]的丈夫[[P:严国华]]殴打。经调查，申请人、申请人丈夫和第三人、第三人的同案人[[P:严国光]]、证人[[P:严国志]]等五人为亲戚关系。随后申请人、申请人丈夫、第三人、同案人因上述违建墙壁占用公共通道问题在广州市花都区花山镇某某村发生争执。后证人[[P:严国铉]]将同案人和申请人劝停，证人[[P:邓子铖]]将申请人丈夫和第三人劝停。""",
    },
    {
        "id": "R21",
        "source": "https://cqstl.gov.cn/bm/qsfj_71104/zwgk_70831/fdzdgknr_70834/qtgknr/xzfy/xzfyjdgk/202601/t20260122_15345143.html",
        "note": "重庆市铜梁区人民政府 行政复议决定书 about a public-security penalty. 周某兰, 周某翔 and "
        "杨某某 replaced with fictional full names; 卢某某 and 叶某某 left as published (already "
        "redacted forms). The masked document number filled in. The 户籍地、居住地 address is as "
        "published, with a fictional number.",
        "parties": [P("周秀兰"), P("周翔宇", "other")],
        "officers": [],
        "marked": """申请人[[P:周秀兰]]。
被申请人[[o:重庆市铜梁区公安局]]，住所地[[g:重庆市铜梁区巴川街道白龙大道79号]]。
第三人[[P:周翔宇]]。
申请人不服被申请人作出的《重庆市铜梁区公安局行政处罚决定书》（[[n:铜梁公(石)行罚决字〔2024〕1127号]]）而提出的行政复议申请，本机关于[[d:2025年3月3日]]收到。
申请人请求：撤销《重庆市铜梁区公安局行政处罚决定书》（[[n:铜梁公(石)行罚决字〔2024〕1127号]]）。
申请人称：[[d:2024年9月11日]]晚21时许，卢某某、叶某某及[[P:周翔宇]]等十余名社会闲散人员在申请人居住地即某某水库岸边肇事，申请人丈夫[[P:杨国富]]于当晚21:10、21:31拨打110报警。第二天即[[d:2024年9月12日]]晚前述人员再次到申请人居住地肇事，[[P:杨国富]]于19:58、20:38、20:39拨打110报警电话。
被申请人作出的案涉决定书载明“现查明[[d:2024年9月11日]]21时许，在[[x:重庆市铜梁区某镇某村4组某某水库边]]，[[P:周秀兰]]和水库的工作人员因钓鱼的事情发生纠纷，后[[P:周秀兰]]用手打了[[P:周翔宇]]一耳屎，[[P:周翔宇]]用脚踢了[[P:周秀兰]]腹部一脚……”。案涉决定书记载的[[P:周翔宇]]户籍地、居住地均为重庆市铜梁区[[A:南城街道民福街1号2单元3-1]]，为何伙同多人到距其居住地10余公里外的申请人居住地。""",
    },
    {
        "id": "R22",
        "source": "https://wlgd.yueyang.gov.cn/58628/58645/58669/content_1963791.html",
        "note": "岳阳市文化旅游广电局 湘(岳)文执罚网字〔2021〕第012号. Masked business, legal "
        "representative (柳**) and address filled: the invented 柳青 is also an ordinary word.",
        "parties": [ORG("岳阳楼区星辰网咖", "individual_business"), P("柳青", "legal_representative")],
        "officers": [],
        "marked": """行政处罚决定书[[n:湘(岳)文执罚网字〔2021〕第012号]]
当事人：[[o:岳阳楼区星辰网咖]]
法定代表人：[[P:柳青]]
住所（住址）：[[g:岳阳市岳阳楼区金鹗中路88号]]
[[d:2021年12月16日]]22时左右，[[o:岳阳楼区公安分局]]开展护蕾行动，对中心城区的网吧接纳未成年人行为进行检查。经查，发现当事人涉嫌接纳未成年人进入营业场所，其行为涉嫌违反了《[[l:互联网上网服务营业场所管理条例]]》第二十一条之规定。现已移交我支队办理，经主管领导批准，于[[d:2021年12月22日]]对当事人进行立案调查。
经查，发现当事人接纳二名未成年人进入营业场所，并现场获取了《现场检查（勘验）笔录》、《未成年人进入网吧上网记录》、现场未成年人照片等证据材料。
以上违法事实有下列证据予以证明：1、[[d:2021年12月16日]]对当事人进行检查的《现场检查（勘验）笔录》1份；2、《调查询问通知书》1份；3、现场未成年人照片；4、[[d:2021年12月20日]]对[[P:柳青]]所做的《调查询问笔录》1份。
我支队于[[d:2021年12月25日]]向当事人送达了[[n:湘(岳)文罚告网字〔2021〕第012号]]《行政处罚事先告知书》。当事人自愿放弃向本支队提出陈述、申辩的要求。""",
    },
    {
        "id": "R23",
        "source": "http://xxgk.san-he.gov.cn/index.do?templet=contentx_m&code={0A2E72FB-0000-0000-3449-B965000008F0}",
        "note": "三河市文化广电和旅游局 (三)文罚字〔2019〕-007. The page shows a full identity number: "
        "replaced with a fictional one, and every name replaced (刘利民; officers 刘立军, 解国栋 with "
        "their certificate numbers as published; staff 马志刚 and manager 黄伟, named without a role "
        "word).",
        "parties": [ORG("三河市乐客网吧", "individual_business"), P("刘利民", "legal_representative")],
        "officers": ["刘立军", "解国栋"],
        "marked": """行政处罚决定书
[[n:（三）文罚字〔2019〕-007]]
当事人基本情况
姓名或名称 [[o:三河市乐客网吧]]
法定代表人 [[P:刘利民]]
证件号码 [[I:{ID:131082}]]
国籍 中国
地址 [[g:三河市奇特商城北侧]]
违法事实及其主要证据
（违法事实）：[[d:2019年8月21日]]19时30分至19时45分[[o:三河市文化广电和旅游局]]执法人员[[f:刘立军]]（[[f:R200400178]]）、[[f:解国栋]]（[[f:R280400162]]）在出示执法证件后由[[P:马志刚]]配合对[[o:三河市乐客网吧]]进行检查，检查中发现该网吧证照齐全，且正在营业，执法人员在网吧内发现1名疑似未成年人正在上网，另有9名上网人员不能出示有效身份证件，执法人员下达了《行政执法检查巡查登记表》、《责令改正通知书》、《调查询问通知书》、《先行登记保存证据通知书》，对一台电脑主机予以先行登记保存，并要求网吧负责人到三河市文广旅局接受调查询问，[[P:马志刚]]予以签字确认，现场有录像资料为证。
[[d:2019年8月22日]]，经我局立案后，于[[d:8月26日]]、[[d:8月29日]]分二次对[[P:黄伟]]进行调查询问，[[P:黄伟]]承认乐客网吧未按规定核对、登记9名上网消费者的有效身份证件、接纳1名未成年人进入营业场所的事实。
（证据）：
1、《行政执法检查巡查登记表》壹份；
2、对[[P:黄伟]]的《调查询问笔录》贰份。""",
    },
    {
        "id": "R24",
        "source": "https://cdswlgtj.changde.gov.cn/whsczhzfj/hzcfjds/content_787755",
        "note": "常德市文化市场综合执法局 (湘常)文综罚字〔2020〕第F-000069号. Investor and officers replaced "
        "(谷少明; 胡旺林, 杨飞鹏, certificate numbers as published); the minors were already "
        "pseudonymized (谢某, 雷某, 刘某) and are left so.",
        "parties": [ORG("常德市武陵区仕友网咖", "individual_business"), P("谷少明", "legal_representative")],
        "officers": ["胡旺林", "杨飞鹏"],
        "marked": """[[o:常德市文化市场综合执法局]]行政处罚决定书[[n:（湘常）文综罚字〔2020〕第F-000069号]]
当事人：[[o:常德市武陵区仕友网咖]]
证照（证件）名称及编号（号码）：营业执照[[c:91430702MA4PLF1B97]]
投资人：[[P:谷少明]]
住所（住址）：[[g:湖南省常德市武陵区芷兰街道临紫社区紫菱路1120号]]
[[d:2020年09月05日]]14时00分至[[d:2020年09月05日]]14时25分，[[o:常德市文化市场综合执法局]]执法人员[[f:胡旺林]]（[[f:湘09001700106]]）、[[f:杨飞鹏]]（[[f:湘09001700171]]）在出示执法证件后，依法对位于[[g:湖南省常德市武陵区芷兰街道临紫社区紫菱路1120号]][[o:常德市武陵区仕友网咖]]进行日常检查。该场所证照齐全，共设置电脑终端106台，其中29台电脑终端有上网消费者正在上网。执法人员在巡查中发现在编号为074、077、078号电脑终端的上网消费者疑似为未成年人，遂和在现场的负责人[[P:谷少明]]一起，要求这三名上网消费者出示有效身份证件。经查，该网吧电脑收费系统显示：074号终端上网消费者为谢某，男，现年17周岁；上网时间为13时04分20秒，共消费[[m:8元]]。077号终端上网消费者为雷某，男，现年16周岁，共消费金额：[[m:4元]]。078号终端上网消费者为刘某，男，现年16周岁。当事人涉嫌接纳未成年人进入营业场所的行为，涉嫌违反了《[[l:互联网上网服务营业场所管理条例]]》第二十一条第一款的规定。""",
    },
    {
        "id": "R25",
        "source": "https://wlj.huainan.gov.cn/ztzl/xzxkhxzcfdxyxxgk/xzcf/551786933.html",
        "note": "淮南市文化和旅游局 不予行政处罚决定书 (淮)文综罚字〔2024〕38号. The business, investor and "
        "manager were pseudonymized (某某网咖, 吴某某, 陈某某): fictional names inserted; the officers' "
        "names replaced (谢晴, 杨帆 — 杨帆 is also an ordinary word) with their certificate numbers as "
        "published.",
        "parties": [ORG("淮南市大通区云帆网咖", "individual_business"), P("吴德海", "legal_representative")],
        "officers": ["谢晴", "杨帆"],
        "marked": """不予行政处罚决定书[[n:（淮）文综罚字〔2024〕38号]]
当事人：[[o:淮南市大通区云帆网咖]]
证照名称及编号：网络文化经营许可证（编号：[[c:340402200020]]）
营业执照（统一社会信用代码：[[c:91340402MA2MUAMT9N]]）
投资人：[[P:吴德海]]
住所（住址）[[g:淮南市大通区上窑镇上窑村181号]]
[[d:2024年12月1日]]15时34分至15时55分，[[o:淮南市文化和旅游局]]2名执法人员[[f:谢晴]]（[[f:12070021012]]）、[[f:杨帆]]（[[f:12070021039]]）对位于[[g:淮南市大通区上窑镇上窑村181号]][[o:淮南市大通区云帆网咖]]进行检查。执法人员向现场负责人依法出示证件、亮明身份，该网吧现场负责人[[P:陈玉梅]]陪同检查，执法人员现场告知该负责人权利与义务。经查，该网吧证照齐全、悬挂，正在经营。检查中，执法人员发现该网吧顾客正在进行上网活动的12号计算机上“翔天净网”软件不在线。
[[d:2024年12月3日]]，经局法制部门审核、机关负责人批准，执法人员对当事人擅自停止实施经营管理技术措施的行为立案调查。
[[d:2024年12月5日]]，该网吧投资人[[P:吴德海]]接受了调查询问，对执法人员在其经营场所的执法情况予以确认，承认了擅自停止实施经营管理技术措施的事实。""",
    },
    {
        "id": "R26",
        "source": "http://lingbao.gov.cn/16472/615614400/1276722.html",
        "note": "灵宝市文化广电和旅游局 (灵)文综罚字〔2020〕F-000014号. Legal representative masked (尉*瑶): "
        "fictional 尉迟瑶 (a compound surname).",
        "parties": [ORG("灵宝市新新网吧", "individual_business"), P("尉迟瑶", "legal_representative")],
        "officers": [],
        "marked": """行政处罚决定书
[[n:（灵）文综罚字〔2020〕F-000014号]]
当事人：[[o:灵宝市新新网吧]]
法定代表人：[[P:尉迟瑶]]
住所：[[g:灵宝市西闫乡西闫街]]
[[d:2020年9月8日]]11时5分，[[o:灵宝市文化广电和旅游局文化市场综合执法大队]]执法人员出示执法证件后依法对位于[[g:灵宝市西闫乡西闫街]][[o:灵宝市新新网吧]]进行了检查：该网吧正在营业，网络文化经营许可证、工商营业执照及其他证照齐全、有效。该网吧共有30台电脑，其中2人正在上网。检查中发现该网吧未按规定核对、登记上网消费者的有效身份证件2名的违法行为，执法人员对执法过程进行了拍照取证，并当场下发责令改正通知书。其行为违反了《[[l:互联网上网服务营业场所管理条例]]》第二十三条的规定。[[d:2020年9月9日]][[o:灵宝市文化广电和旅游局]]依法批准对[[o:灵宝市新新网吧]]开始立案调查。经过执法人员的进一步调查询问，该网吧负责人[[P:尉迟瑶]]承认未按规定核对、登记上网消费者的有效身份证件。
以上事实，有以下证据证实：
1.文书编号为[[n:（灵）文综检（勘）字〔2020〕C-000147号]]的《现场检查（勘验）笔录》一份；
2.文书《调查询问笔录》一份；""",
    },
    {
        "id": "R27",
        "source": "https://www.315jiage.cn/mn573615p3.aspx",
        "note": "扎赉特旗市场监督管理局 (medical devices). No person in the excerpt: as published.",
        "parties": [],
        "officers": [],
        "marked": """行政处罚的内容和依据：我局现责令当事人立即改正上述违法行为，决定对当事人作出如下减轻行政处罚：1.没收过期医疗器械医用防护口罩（N95）16枚；2.罚款：[[m:6000元]]。依据《[[l:医疗器械监督管理条例]]》第八十六条：有下列情形之一的，由负责药品监督管理的部门责令改正，没收违法生产经营使用的医疗器械；违法生产经营使用的医疗器械货值金额不足[[m:1万元]]的，并处[[m:2万元]]以上[[m:5万元]]以下罚款；货值金额[[m:1万元]]以上的，并处货值金额5倍以上20倍以下罚款；情节严重的，责令停产停业。
综上，当事人上述行为，违反了《[[l:医疗器械监督管理条例]]》第五十五条的规定，依据《[[l:医疗器械监督管理条例]]》第八十六条第三项的规定。责令当事人改正违法行为，并决定作出以下行政处罚：
1.没收过期医疗器械医用防护口罩（N95）16枚；2.罚款：[[m:6000元]]。
行政处罚的履行方式和期限：当事人收到本处罚决定书之日起十五日内，到[[o:扎赉特旗市场监管综合行政执法大队]]通过“[[o:内蒙古自治区统一公共支付平台]]”缴纳罚款。到期不缴纳罚款的，依据《[[l:中华人民共和国行政处罚法]]》第七十二条的规定，每日按罚款数额百分之三加处罚款。
救济途径期限：当事人如对本处罚决定不服，可以在接到本处罚决定书之日起六十日内，向[[o:扎赉特旗人民政府]]申请行政复议。""",
    },
    {
        "id": "R28",
        "source": "http://mengbw.com/zfal/spzf/11441.html",
        "note": "上海市松江区市场监督管理局 (traditional on the page). The legal representative stays as "
        "published (邵某某, already redacted); the masked street address and the masked company (沃**) "
        "filled with fictional values; the partly masked credit code is not scored.",
        "parties": [ORG("上海某食品有限公司")],
        "officers": [],
        "marked": """[[o:上海市松江区市场监督管理局]]
行政处罚决定书
当事人：[[o:上海某食品有限公司]]
主体资格证照名称：营业执照
统一社会信用代码或身份证件号码：[[x:913101173245******]]
住所（住址）：[[g:上海市松江区九亭镇沪松公路1399号]]；
法定代表人（负责人、经营者）：邵某某；
[[d:2023年04月24日]]，本局依法对当事人位于[[g:上海市松江区九亭镇沪松公路1399号]]的生产场所进行了检查，本局依法对当事人生产经营用回收食品作为原料生产食品的行为立案调查。调查过程中，依法调取相关证据材料，并制作询问笔录。
经查，当事人有以下违法事实：
违法事实一：[[d:2023年4月24日]]，执法人员在对当事人位于松江区九亭镇的生产场所依法进行检查时发现，查见当事人位于生产车间二楼、三楼车间过道、包装间，一楼仓库、玉米投料口等处均存放有“批量退货封箱表”字样的产品爆米花。经调查，自2023年1月起，[[o:沃德商贸有限公司]]将当事人2022年11月、12月生产的爆米花产品（保质期9个月）共10600箱（总重86496kg）退回给当事人，截止到案发，当事人将其中4417.43kg退回的缤纷欢享桶爆米花作为原料，经拆除原包装、挑选后装入周转袋、重新包装、喷码等工序后，生产为各种规格的爆米花产品。""",
    },
    {
        "id": "R29",
        "source": "http://scjgj.jcgov.gov.cn/ztzl_28849/xzcf/202601/t20260128_2314420.html",
        "note": "晋城市市场监督管理局 晋城市监处罚〔2026〕23-2号. The party block was masked (******): a "
        "fictional hospital, legal representative (原红梅) and ID inserted. Registration numbers of "
        "the devices as published.",
        "parties": [ORG("晋城康华医院有限公司"), P("原红梅", "legal_representative")],
        "officers": [],
        "marked": """[[o:晋城市市场监督管理局]]
行政处罚决定书
[[n:晋城市监处罚〔2026〕23-2号]]
当事人：[[o:晋城康华医院有限公司]]
主体资格证照名称：营业执照
统一社会信用代码：[[c:{USCC}]]
住所：[[g:山西省晋城市城区凤台东街1288号]]
法定代表人：[[P:原红梅]]
身份证号：[[I:{ID:140502}]]
一、在当事人门诊楼二楼检验二级生物安全实验室陈列柜内存放有下列医疗器械：
1.药敏指示剂Ⅱ型，生产备案凭证编号：[[c:粤珠食药监械生产备20150011号]]，产品备案凭证编号：[[c:粤珠械备20160069号]]，[[o:珠海美华医疗科技有限公司]]，生产批号：03220112，生产日期：20220112，有效期至：20230111，现场1盒，未开封。该产品属第一类医疗器械。
2.凝聚胺介质试剂，生产许可证编号：[[c:粤食药监生产许20010407号]]，医疗器械注册证编号：[[c:国械注准20163400841]]，[[o:珠海贝索生物技术有限公司]]，生产批号：A201202，生产日期：20201205，有效期至：20221204，现场1盒，未开封。该产品属第三类医疗器械。
3.α-淀粉酶测定试剂盒（EPS底物法），医疗器械生产许可证编号：[[c:吉食药监械生产许20170005号]]，医疗器械注册证编号/产品技术要求编号：[[c:吉械注准20172400270]]，[[o:迪瑞医疗科技股份有限公司]]，生产批号：20211221，生产日期：20211221，失效日期：20230620，现场1盒，未开封。""",
    },
    {
        "id": "R30",
        "source": "http://m.gu456.com/Jczwgk/show/3471989.html",
        "note": "广德市 食品生产经营行政处罚信息 (a published summary table, traditional on the page). The "
        "legal representative replaced (李荣艳).",
        "parties": [
            ORG("广德县卢村乡家美乐超市", "individual_business"),
            P("李荣艳", "legal_representative"),
        ],
        "officers": [],
        "marked": """被处罚单位名称 统一社会信用代码 被处罚单位法定代表人姓名 行政处罚决定书文号 案件名称 违法的主要事实
[[o:广德县卢村乡家美乐超市]] [[c:92341822MA2RFB9F7J]] [[P:李荣艳]] [[n:广市监处罚〔2024〕03033号]] [[o:广德县卢村乡家美乐超市]]经营超过保质期的食品案 上述超过保质期的食品均是供货商送货上门，“[[w:旺仔牛奶糖]]（巧克力香草牛奶味）奶糖糖果”购进10袋，购进价[[m:4.5元]]/袋，售价[[m:5元]]/袋；“[[w:泾县糕点步步糕]]”购进4盒，购进价[[m:4.5元]]/盒，售价[[m:5元]]/盒；“[[w:蒙牛]]金装学生多维高钙高锌奶粉”购进5袋，购进价[[m:29元]]/袋，售价[[m:30元]]/袋。[[d:2024年10月29日]]，本局执法人员在检查中发现上述涉案食品已超过保质期，仍然摆放于经营货架上待销售，由此而案发。经询问，店主[[P:李荣艳]]称系店员[[P:方圆]]上货时未核对保质期。""",
    },
    {
        "id": "R31",
        "source": "http://miluo.gov.cn/25221/25222/26735/26757/27392/content_2136981.html",
        "note": "岳阳市生态环境局 岳汨环罚决字〔2023〕020号. The legal representative was masked (陶**): "
        "fictional 陶华达, whose given name is also in the company's name; the masked address filled "
        "with a fictional one.",
        "parties": [ORG("湖南省华达机械模具开发有限公司"), P("陶华达", "legal_representative")],
        "officers": [],
        "marked": """[[n:岳汨环罚决字〔2023〕020号]]
行政处罚决定书
[[o:湖南省华达机械模具开发有限公司]]：
统一社会信用代码：[[c:{USCC}]]
法定代表人：[[P:陶华达]]
住所：[[g:湖南省岳阳市汨罗市弼时镇高新路6号]]
一、环境违法事实和证据
[[d:2023年10月13日]]，汨罗分局现场检查，发现你公司位于湖南汨罗高新技术产业开发区弼时片区的年产五金模具100套、塑料制品10万套建设项目在产生含挥发性有机废气的注塑工序正常生产情况下，未按规定使用有机废气污染防治设施（两级活性炭吸附装置）。
以上事实，有《现场监察记录》《调查询问笔录》《现场检查（勘察）笔录》、照片、身份证复印件、营业执照复印件等证据为凭。
你公司上述行为违反了《[[l:中华人民共和国大气污染防治法]]》第四十五条之规定。
我局于[[d:2023年11月9日]]告知你公司违法事实、处罚依据和拟作出的处罚决定，并告知你公司有权进行陈述和申辩。你公司在规定期限内未进行陈述申辩也未申请听证。
以上事实，有《行政处罚事先（听证）告知书》（[[n:岳汨环罚告字〔2023〕020号]]）及我局[[d:2023年11月9日]]《送达回证》为证。""",
    },
    {
        "id": "R32",
        "source": "http://letgol.com/fanwen/jueding/14557743.html",
        "note": "A 不予行政处罚决定书 of a 长沙 price authority quoted as a model (traditional on the page). "
        "Legal representative replaced (高迎春); the phone was blank: a fictional landline in groups "
        "inserted; the year of the quoted document number (20xx) filled in.",
        "parties": [ORG("广西万怡物业服务有限责任公司长沙分公司"), P("高迎春", "legal_representative")],
        "officers": [],
        "marked": """不予行政处罚决定书
当事人：[[o:广西万怡物业服务有限责任公司长沙分公司]]
地址：[[g:长沙市韶山中路752号]]
法定代表人：[[P:高迎春]] 职务：总经理
联系电话：[[T:0731-8552 6614]]
根据[[o:长沙市发改委]]转办我局的“关于广西万怡物业公司拒不执行国家物价政策长期坑害业主的投诉信”信访件，我局于[[d:2016年9月14日]]开始对你单位[[d:2016年4月1日]]至[[d:2016年9月21日]]期间居民生活用电的价格活动进行检查，现将检查中发现的违法事实和证据及本机关处罚决定通知如下。
经调查核实，上述期间内，存在以下违法事实：
1、2016年4月至2016年6月期间，违反原湖南省物价局《关于省电网电价调整有关问题的通知》（[[n:湘价重〔2016〕97号]]）：“物业小区专用变压器居民生活用电（供电电压等级1-10千伏）的转供电价为0.607元/千瓦时”的规定，物业公司实际收取居民购电价格0.623元/千瓦时，多收取0.016元/千瓦时。经核算，多收电费共计[[m:228354.36元]]。""",
    },
    {
        "id": "R33",
        "source": "https://hbdaye.gov.cn/zfxxgk/dfbmptlj/szbm/zyzyghj/fdzdgkzgj/cfqzzgj/xzcfjdzgj/202501/t20250110_1182925.html",
        "note": "大冶市自然资源和规划局 (a village committee). The legal representative was masked (刘XX): "
        "fictional 刘建军; masked code and address of the committee filled.",
        "parties": [
            ORG("大冶市金湖街道办事处港岭村村民委员会", "other_organization"),
            P("刘建军", "legal_representative"),
        ],
        "officers": [],
        "marked": """[[o:大冶市金湖街道办事处港岭村村民委员会]]：
我局于[[d:2024年9月18日]]对你村民委员会非法占地一案立案调查。经查，你村民委员会（统一社会信用代码：[[c:54420281MF1234567K]]，地址：[[g:湖北省黄石市大冶市金湖街道港岭村]]，法定代表人：[[P:刘建军]]）于2022年11月份，未经批准，擅自占用[[x:金湖街办港岭村]]集体土地建设停车场（广场）和道路，占地位置在[[x:港岭村高湾后背山]]，占地面积2310平方米，占地类型为农用地。你村民委员会的上述用地行为违反了《[[l:中华人民共和国土地管理法]]》第二条第三款、第四十四条第一款的规定，属非法占地行为。上述违法事实有下列证据证实：
1、非法占地主体的证据：[[o:大冶市金湖街道办事处港岭村村民委员会]]统一社会信用代码证书复印件、法定代表人[[P:刘建军]]身份证复印件等；
2、非法占地事实的证据：询问笔录、现场勘测笔录、违法现场照片、违法用地定界图、土地利用现状图、土地利用总体规划图、相关用地资料等。
根据《[[l:中华人民共和国土地管理法]]》第七十七条第一款以及《[[l:中华人民共和国土地管理法实施条例]]》第五十七条第一款的规定，结合《[[l:湖北省自然资源行政处罚自由裁量基准（土地类）（试行）]]》的相关规定，我局决定对你村民委员会作出如下行政处罚。""",
    },
    {
        "id": "R34",
        "source": "https://www.getagoat.com/fl/49467.html",
        "note": "A case report of 茂名市卫生健康局 quoting its decision. The practitioner and patients were "
        "pseudonymized (杜某, 陈某, 林某): fictional full names inserted; the flat named as the place of "
        "the offence is not scored.",
        "parties": [P("杜春生")],
        "officers": [],
        "marked": """[[d:2020年6月12日]]，[[o:茂名市卫生健康局]]卫生监督执法人员接到群众来访投诉举报称：“[[x:某居民楼2栋401房]]有人无证行医”。卫生监督执法人员通过蹲点、暗访掌握行医者的规律，[[d:2020年7月2日]]，卫生监督执法在发现病人上门看病时，联合该市某派出所民警对[[x:某居民楼2栋401房]]进行突击检查，现场检查发现[[P:杜春生]]正在给一名60岁左右的女性（[[P:陈桂英]]）进行针灸电疗，垃圾桶内有使用过的胶手套、一次性使用针灸针和带血的纱布。[[P:杜春生]]现场未能出示《医师资格证书》、《医师执业证书》和《医疗机构执业许可证》。
卫生监督执法人员经调查查明，[[P:杜春生]]未取得《医师资格证书》、《医师执业证书》和《医疗机构执业许可证》，擅自从事颈椎针灸治疗、静脉滴注治疗等诊疗活动，并微信转账收取了患者[[P:陈桂英]]和[[P:林晓燕]]的治疗费共[[m:10300元]]。[[P:杜春生]]的行为违反了《[[l:中华人民共和国基本医疗卫生与健康促进法]]》第三十八条第二款规定。[[d:2020年7月17日]]，[[o:茂名市卫生健康局]]依据《[[l:中华人民共和国基本医疗卫生与健康促进法]]》第九十九条第一款的规定，对[[P:杜春生]]的无证行医行为做出责令立即停止执业活动；没收其违法所得人民币[[m:10300元]]，并处人民币[[m:51500元]]罚款，共计罚没款人民币[[m:61800元]]的行政处罚决定。""",
    },
    {
        "id": "R35",
        "source": "https://dawenxue.cn/fanwen/jueding/140/140343.html",
        "note": "Two 撤销行政处罚决定书 quoted as models (a public-security one, a health one). Every "
        "personal item was blank or a placeholder (,男 …, 012126198X102X1211, -----): fictional "
        "names, IDs, phone and addresses inserted; the years (200X) filled in.",
        "parties": [P("孙大伟"), P("施长根")],
        "officers": [],
        "marked": """[[o:连江市公安局城东分局]]撤销行政处罚决定书 [[n:公(治)撤字[2009]第018号]]被处罚人：[[P:孙大伟]]，男，汉族，初中文化，1985年10月20日出生，身份证号：[[I:{ID:350122}]]，现住址：连江县[[A:丹阳镇新洋村5组32号]]，农民。 违法犯罪经历：[[d:2009年9月4日]]因盗窃被我局行政拘留十日，决定后查明，其[[d:2008年4月14日]]曾因盗窃被[[o:连江县人民法院]]判处有期徒刑一年六个月。根据《[[l:公安机关办理劳动教养案件规定]]》第四十八条的相关规定。现决定撤销[[n:公(治)决字【2009】第2009004144号]]行政处罚决定，执行劳动教养决定，被行政拘留一日折抵劳动教养一日。
二00九年九月十日
撤销行政处罚决定书
被处罚人：[[P:施长根]]
身份证编号：[[I:{ID:320684}]]
性别：男，民族：汉，年龄：67岁，电话：[[T:{MOBH}]]
家庭住址：海门市[[A:常乐镇新港村4组16号]]
2015年1月4日，我局卫生行政执法人员对海门市[[A:常乐镇新港村4组16号]][[P:施长根]]家中检查发现：1、[[P:施长根]]未能出示医疗机构执业许可证；2、客厅的西侧1名患者正在接受输液；3、客厅的西侧厢椅上发现1瓶用完的注射用头孢曲松钠；4、客厅西侧厢椅上发现病人收费本1本。""",
    },
    {
        "id": "R36",
        "source": "http://www.bjknxz.com/xzcf/42464082559.html",
        "note": "Not a decision: a law firm's page republishing a court's summary (裁判要点) about a penalty "
        "decision. Kept for the must-keep text (no person in it); its phone and e-mail are the firm's "
        "published contacts, not scored.",
        "parties": [],
        "officers": [],
        "marked": """电话：[[x:400-678-5000]]
邮编：100071
上海二中院案例：行政机关作出处罚决定不得因当事人陈述申辩或申请听证而加重行政处罚
裁判要点
本案中，虽然案件办理总期限较长，延期次数较多，但综合考量案情复杂程度、案件办理流程，应认定行政机关作出被诉处罚决定态度审慎，不存在怠于履行职责的行为；且案件办理中的审计、发函协查、听证等法定事项均不计入案件办理期限。此外，在本案办理的三次延期审批中，后两次延期由行政机关负责人集体讨论决定，三次延期均履行了相应的审批手续，行政机关在延长后的截止日期前作出被诉处罚决定，其办案期限并无明显不合理之处。
违法所得是指因违法行为所获得的利益。本案中，第一次听证告知书中，行政机关虽认定当事人的违法行为应处没收违法所得，但由于涉案产品型号众多、数量较大，而当事人初始对待检查态度消极、对执法人员调查取证工作不予配合，违法所得数额尚未查实，故未明示拟没收违法所得数额。第一次听证会后，由于当事人配合提供了与案情认定相关的重要事实材料，行政机关亦根据听证情况对案件进一步调查。行政机关根据补充调查的事实，对拟作出的行政处罚，再次发送了听证告知书。两次听证告知书的拟处罚内容不同，系因调查认定的事实发生变化，非因听证加重处罚。""",
    },
    # ------------------------------------------------------------------ held out (H): written after
    # the rules and the model were tuned on R and V, and measured once before any further change.
    {
        "id": "H01",
        "source": "http://www.ybq.gov.cn/bm/qnyncw/zwgk_70831/fdzdgknr_70834/xzxk_176979/bljg/202505/t20250527_14661269.html",
        "note": "重庆市渝北区农业农村委员会 渝北农(农药)罚〔2025〕10号. Operator and officers replaced (曾令芳; "
        "沈祥林, 高懿 — a two-character officer); masked ID and address filled with fictional values. The "
        "manufacturer's phone printed on the product is not scored.",
        "parties": [
            ORG("渝北区玉峰山镇天竺村驰骋农资便民店", "individual_business"),
            P("曾令芳", "legal_representative"),
        ],
        "officers": ["沈祥林", "高懿"],
        "marked": """重庆市渝北区农业农村委员会行政处罚决定书 [[n:渝北农(农药)罚〔2025〕10号]]
当事人：[[o:渝北区玉峰山镇天竺村驰骋农资便民店]]
主体资格证照名称：营业执照
统一社会信用代码：[[c:92500112MA5Y70C60K]]
住所：[[g:重庆市渝北区玉峰山镇玉峰路48号]]
经营者：[[P:曾令芳]]
身份证件号码：[[I:{ID:500112}]]
当事人[[o:渝北区玉峰山镇天竺村驰骋农资便民店]]超出经营范围经营限制使用农药一案，经本机关依法调查，现查明：
[[d:2025年3月21日]]，[[o:重庆市渝北区农业农村委员会]]派出执法人员[[f:沈祥林]]、[[f:高懿]]到位于[[g:重庆市渝北区玉峰山镇玉峰路48号]]的[[o:渝北区玉峰山镇天竺村驰骋农资便民店]]农资销售门市开展执法检查，执法人员在当事人的农药销售柜台检查发现有正在经营销售的0.01%溴敌隆毒饵1大袋（内含0.01%溴敌隆毒饵168小袋）。该农药产品大袋外包装上标注有：溴敌隆，有效成分含量：0.01%，剂型：毒饵，农药登记证号：[[c:PD20086244]]，生产许可证号：[[c:农药生许(豫)0120]]，产品标准号：Q/SDH002-2018，生产厂家：[[o:商丘市大卫化工厂]]，地址：[[g:虞城县木兰大道]]；邮编：476300；电话：[[x:0370-4114685]]，规格：25克×200袋，商标：[[w:大卫]]。经询问，经营者[[P:曾令芳]]称该批农药系其丈夫[[P:邓国强]]从外地购进。""",
    },
    {
        "id": "H02",
        "source": "http://www.kman.gov.cn/c/2026-03-13/7113343.shtml",
        "note": "安宁市农业农村局 安农罚〔2026〕5号. Responsible person replaced (段亚军); masked phone, code and "
        "address filled with fictional values. The name follows the business's name without a break.",
        "parties": [ORG("安宁便利农资经营部", "individual_business"), P("段亚军", "legal_representative")],
        "officers": [],
        "marked": """安宁市农业农村局行政处罚决定书[[n:安农罚〔2026〕5号]]
当事人：[[o:安宁便利农资经营部]]
法定代表人（负责人）：[[P:段亚军]]  电话：[[T:{MOB}]]
统一社会信用代码：[[c:{USCC}]]
地址：[[g:安宁市八街街道办事处二街村委会大村156号]]
当事人[[o:安宁便利农资经营部]][[P:段亚军]]无证经营限制使用农药一案。[[d:2026年1月22日]]，[[o:安宁市农业农村局]]对[[o:安宁便利农资经营部]]进行监督检查，在检查中发现[[o:安宁便利农资经营部]]经营场所有限制使用农药乙酰甲胺磷（垄创），根据《[[l:中华人民共和国农业部公告第2552号]]》，乙酰甲胺磷从[[d:2017年6月29日]]起定为限制使用农药。[[d:2026年1月22日]][[o:安宁市农业农村局]]执法人员进行现场勘验，现场查获限制使用农药：92%乙酰甲胺磷（垄创）8袋，净含量：100克/袋，农药登记证号：[[c:PD20110865]]，生产日期：20250307，登记证持有人：[[o:安道麦股份有限公司]]，分装企业：[[o:江苏明德立达作物科技有限公司]]，[[o:安宁便利农资经营部]]对销售上述限制使用农药无异议。""",
    },
    {
        "id": "H03",
        "source": "https://djqqjm.amr.guizhou.gov.cn/CasePublicView.do?id=54043&method=view",
        "note": "罗甸县农业农村局 罗农(农药)罚〔2025〕5号 (a published case summary). The operator and officers "
        "replaced (吴龙萍, whose given name is in the shop's name; 金学仁, 王璇).",
        "parties": [
            ORG("罗甸县罗悃镇龙萍农资店", "individual_business"),
            P("吴龙萍", "legal_representative"),
        ],
        "officers": ["金学仁", "王璇"],
        "marked": """案名：[[o:罗甸县罗悃镇龙萍农资店]]经营超过农药质量保证期的农药案
行政处罚决定书文号：[[n:罗农(农药)罚〔2025〕5号]]
违法主要事实：[[d:2025年3月19日]]上午10时许接[[o:黔南州农业农村局]]根据《[[l:黔南州2025年农资打假专项整治行动方案]]》到[[o:罗甸县罗悃镇龙萍农资店]]开展督促检查线索反馈，当事人经营有超过质量保证期的农药，当日上午11时许，经我局执法人员[[f:金学仁]]、[[f:王璇]]核实，在该店内进门右边柜台从下往上第二层货架上发现有：[[w:老院长]]®万螺宁杀螺胺杀虫剂14包，有效成分及其含量：杀螺胺70%，净含量：40克/包，农药登记证号：[[c:PD20098088]]，农药生产许可证号：[[c:农药生许(桂)0019]]，标称企业：[[o:广西康赛德农化有限公司]]。当日，本机关对当事人经营超过农药质量保证期的农药行为进行立案调查。调查过程中，3月24日执法人员依法向经营者（[[P:吴龙萍]]）进行询问制作了案件调查询问笔录，调取了经营者（[[P:吴龙萍]]）的身份证、当事人营业执照、农药经营许可证、进货清单、销售台账等相关证据材料。经查实，当事人[[d:2024年5月20日]]在[[o:罗甸县金桌农业科技有限公司]]进购[[w:老院长]]®万螺宁杀螺胺杀虫剂20包，购进价格是[[m:5元]]/包，共计人民币[[m:100元]]。""",
    },
    {
        "id": "H04",
        "source": "http://www.bidaway.com.cn/ztzl/contents/1091/4511.html",
        "note": "抚远市农业农村局 抚农(农药)罚〔2024〕1号 (traditional on the page). The legal representative "
        "was masked (王*) but the company's name carried his name: both replaced with fictional ones "
        "(王永利; …王永利农资销售有限责任公司); the masked ID filled. The business address holds a "
        "building named after a person (周立波1号楼): it is the company's address.",
        "parties": [ORG("佳木斯市建三江王永利农资销售有限责任公司"), P("王永利", "legal_representative")],
        "officers": [],
        "marked": """[[n:抚农(农药)罚〔2024〕1号]]
当事人：[[o:佳木斯市建三江王永利农资销售有限责任公司]]；主体资格证照名称：营业执照；统一社会信用代码：[[c:91230819MA1BUY697Q]]；住所（住址）：[[g:前锋农场周立波1号楼12门市]]；法定代表人（负责人、经营者）：[[P:王永利]]；身份证件号码：[[I:{ID:230882}]]
当事人[[P:王永利]]超范围经营限制使用农药一案，经本机关依法调查，现查明：[[d:2024年6月5日]]11时[[o:抚远市农业农村局]]执法人员到前锋农场市场检查时发现前锋农场[[o:王永利农资]]进门左手边柜台摆放一瓶多·福·克，柜台的尽头悬挂农药经营许可证，经营范围：农药（限制使用农药除外），在仓库西侧墙边摆放一箱零三瓶（每箱20瓶），产品商标为[[w:火龙神]]字样，同时印有红色“限制使用”四个大字。随后执法人员对其农药经营许可证进行核查，该农药经营许可证为[[o:黑龙江省建三江国家农业科技园区管理委员会农业水务局]]发放。[[d:2024年6月6日]][[o:抚远市农业综合行政执法]]人员对涉嫌违法人员[[P:王永利]]进行询问，[[P:王永利]]如实交代进货渠道和进货价格，依据[[d:2024年6月19日]][[o:抚远市发展和改革局]]对多·福·克产品货值金额认定为[[m:512元]]。""",
    },
    {
        "id": "H05",
        "source": "https://www.bishan.gov.cn/zwgk_241/zfxxgkml/fygk/202412/t20241211_13880348.html",
        "note": "璧山区人民政府 行政复议决定书 璧山府复〔2022〕45号 about a labour-inspection penalty. The "
        "applicant's representative and the subcontractor were pseudonymized (文某某, 李某): fictional "
        "full names inserted for 李某; 文某某 and 杨某某 left as published. The bureau head's name "
        "(a public official named with her office) replaced (魏晓红) and kept; the masked penalty "
        "number filled.",
        "parties": [ORG("重庆某劳务有限公司")],
        "officers": [],
        "marked": """行政复议决定书（[[n:璧山府复〔2022〕45号]]）
申请人：[[o:重庆某劳务有限公司]]。
法定代表人：文某某，执行董事兼经理。
被申请人：[[o:重庆市璧山区人力资源和社会保障局]]，住所地[[g:重庆市璧山区璧城街道璧渝路388号]]。
法定代表人：[[f:魏晓红]]，局长。
申请人因不服被申请人于[[d:2022年9月5日]]作出的[[n:璧人社监罚〔2022〕17号]]《行政处罚决定书》，于[[d:2022年10月31日]]依法向本机关申请行政复议，本机关予以受理并进行了审理。根据《[[l:中华人民共和国行政复议法]]》第三十一条第一款规定，行政复议决定延期30日内作出。
申请人称：一、[[d:2021年9月30日]]，申请人与[[P:李长江]]签订了《[[l:建筑物外墙保温及涂饰工程劳务分包合同书]]》，分包合同约定，申请人将某工业园区（D15-3/03）号地块项目一标段外檐一体化工程外墙涂料劳务工程分包给[[P:李长江]]。根据分包合同约定申请人不负责民工的招聘与管理，申请人直接与[[P:李长江]]进行结算，申请人不认识杨某某等17人。
二、截至[[d:2022年5月31日]]，申请人根据分包合同约定，预估结算金额共计[[m:199193.9元]]，申请人直接向[[P:李长江]]或根据[[P:李长江]]的委托向其指定收款人[[P:张桂兰]]（开户行：[[o:中国建设银行璧山支行]]，账号：[[B:{CARD}]]）支付该工程劳务费。""",
    },
    {
        "id": "H06",
        "source": "https://m.yancaob2b.com/jy/2022/1107/29695.html",
        "note": "江永县市场监督管理局 江永市监案处字〔2020〕07号. The party's name is not in the excerpt: a "
        "fictional 蒋桂林 inserted; the contact address as published with a fictional house number. "
        "The manufacturer's address and phone are an organization's.",
        "parties": [P("蒋桂林", address="湖南省江永县桃川镇太平村十一组086号")],
        "officers": [],
        "marked": """行政处罚决定书（[[n:江永市监案处字〔2020〕07号]]）
当事人：[[P:蒋桂林]]，联系地址：湖南省江永县[[A:桃川镇太平村十一组086号]] [[d:2020年1月27日]]，本局执法人员在江永县粗石江镇巡查发现，粗石江镇路旁（原粗石江镇市场路口）有人摆放口罩销售，依法出示行政执法证后，检查发现当事人销售口罩没有办理营业执照，不能提供进货发票，没能提供身份证，但出示了一本《职业资格证书》，当事人涉嫌无照经营的行为，本局依据《[[l:无证无照经营查处办法]]》第十一条第一款第（四）项的规定，对当事人销售的[[w:锦绣粤兴]]拆叠式防尘口罩98个进行扣押。 经查，因新型冠状病毒感染的肺炎疫情发生，口罩需求激增，当事人委托朋友[[P:唐振华]]从外地购买10包（每包10个）口罩，产品符合：GB2626-2006KN90，生产许可：[[c:(粤)XK02-001-00058]]，制造商：[[o:吴川市粤兴劳保用品有限公司]]，地址：[[g:广东省吴川市王村港镇奇石一村43号]]，电话：[[x:0759-5268333]]。购进价格是每包[[m:150元]]，共计人民币[[m:1500元]]。于[[d:2020年1月27日]]，在江永县粗石江镇进行销售时，被本局查获。""",
    },
    {
        "id": "H07",
        "source": "http://www.digipub.cc/dy/article/KG1ACUFC0514ALKP.html?spss=dy_author",
        "note": "A news page quoting 应急管理部令第18号 (traditional on the page): the minister's name is "
        "published with his office and must stay; replaced with a fictional one (王祥林) all the same.",
        "parties": [],
        "officers": [],
        "marked": """中华人民共和国应急管理部令
第18号
《[[l:安全生产违法行为行政处罚办法]]》已经[[d:2025年11月24日]]应急管理部第29次部务会议审议通过，现予公布，自[[d:2026年2月1日]]起施行。
部长 [[f:王祥林]]
[[d:2025年11月27日]]
据应急管理部[[d:2025年11月27日]]发布的第18号部令显示，《办法》经11月24日部务会议审议通过，由部长[[f:王祥林]]签署公布。作为规范安全生产行政处罚的核心规章，此次修订重点强化了“以事实为依据、过罚相当”的执法原则，明确了警告、罚款、暂扣吊销许可证、责令停产停业等六类行政处罚的适用情形，同时对执法管辖、证据收集、听证程序等作出了系统性规范。""",
    },
    # ------------------------------------------------------------------------------ variants (V)
    {
        "id": "V08",
        "source": "frame of R35 (https://dawenxue.cn/fanwen/jueding/140/140343.html)",
        "note": "Written after tuning (measured once first): R35's public-security frame with several "
        "fictional people and their addresses in the common written forms (小区 + 栋/单元/室, 村 + 组, "
        "暂住 at a rented room), a grouped mobile and a bank account after its label.",
        "parties": [P("钱志强", address="江苏省南通市崇川区和平桥街道桃园小区12栋2单元502室")],
        "officers": ["陆建平", "顾晓东"],
        "marked": """[[o:南通市公安局崇川分局]]
行政处罚决定书
[[n:通崇公(和)行罚决字〔2024〕3312号]]
违法行为人：[[P:钱志强]]，男，1990年5月12日出生，汉族，公民身份号码：[[I:{ID:320602}]]，现住址：江苏省南通市崇川区[[A:和平桥街道桃园小区12栋2单元502室]]，户籍所在地：如东县[[A:掘港镇新光村八组27号]]，联系电话：[[T:{MOBG}]]。
现查明：[[d:2024年7月18日]]21时许，在崇川区工农路“小城故事”烧烤店门前，[[P:钱志强]]因琐事与[[P:周海燕]]发生争执，用拳头殴打[[P:周海燕]]面部，致其轻微伤。被侵害人[[P:周海燕]]，女，户籍地：海安市[[A:墩头镇吉庆村3组15号]]，暂住于崇川区[[A:任港街道永兴新村5幢301室]]出租屋。证人[[P:孙丽萍]]（住崇川区[[A:观音山街道新桥二村9号]]）证实了上述事实。[[P:钱志强]]已通过其银行账户（账号：[[B:{CARD}]]）向[[P:周海燕]]赔偿医药费[[m:1200元]]。
以上事实有[[P:钱志强]]的陈述和申辩、被侵害人[[P:周海燕]]的陈述、证人证言、伤情鉴定意见等证据证实。
根据《[[l:中华人民共和国治安管理处罚法]]》第五十一条第一款之规定，现决定对[[P:钱志强]]行政拘留五日，并处罚款[[m:500元]]。
办案民警：[[f:陆建平]]、[[f:顾晓东]]""",
    },
    {
        "id": "V09",
        "source": "frame of R15 (https://m.qclgf.com/zrzyj/zwgk/gsgg/xzzfgs/20260119/i3851421.html)",
        "note": "Written after tuning (measured once first): a 违法建设 decision of a 综合行政执法局 in R15's "
        "frame with fictional villagers, addresses written as 住 + 县 + 镇 + 村 + 组 + 号 and as a "
        "road number, and the house's location, which is the offence's place (x).",
        "parties": [P("黄大勇", address="衡南县茅市镇坪山村周家组18号")],
        "officers": [],
        "marked": """[[o:衡南县综合行政执法局]]行政处罚决定书
[[n:衡南综执罚决字〔2025〕第046号]]
当事人：[[P:黄大勇]]，男，住衡南县[[A:茅市镇坪山村周家组18号]]，身份证号码：[[I:{ID:430422}]]。
经查，当事人于2024年10月未取得乡村建设规划许可证，在[[x:衡南县茅市镇坪山村周家组]]其父[[P:黄德明]]（住衡南县[[A:茅市镇坪山村周家组20号]]）的宅基地上建设三层砖混结构房屋一栋，建筑面积312平方米。当事人之妻[[P:刘春梅]]称，房屋由其表弟[[P:谭志刚]]承建，[[P:谭志刚]]现住衡阳市蒸湘区[[A:联合街道解放西路218号3栋1单元602房]]。
上述事实有现场勘验笔录、询问笔录、现场照片等证据证实。当事人的行为违反了《[[l:中华人民共和国城乡规划法]]》第四十一条第三款的规定。依据《[[l:中华人民共和国城乡规划法]]》第六十五条的规定，本局决定责令当事人限期拆除违法建筑。""",
    },
    {
        "id": "V01",
        "source": "frame of R05 (https://www.360docs.net/doc/1d19300633.html)",
        "note": "R05's frame with a fictional Uyghur party, a grouped mobile with +86, a 15-digit ID "
        "and a home address in 街道 + road + number + building/unit/room form; his helper is named "
        "by a short form of a ·-joined name.",
        "parties": [P("热合曼·艾则孜", address="乌鲁木齐市天山区团结路街道幸福路128号8栋2单元301室")],
        "officers": ["马建新", "王立平"],
        "marked": """[[o:乌鲁木齐市天山区市场监督管理局]]行政处罚决定书[[n:乌天市监处罚〔2024〕第211号]]
当事人：[[P:热合曼·艾则孜]]，男，维吾尔族，身份证号码：[[I:{ID:650102}]]，家庭住址：乌鲁木齐市天山区[[A:团结路街道幸福路128号8栋2单元301室]]，联系电话：[[T:+86 139 9912 3456]]。
[[d:2024年6月3日]]，本局执法人员[[f:马建新]]、[[f:王立平]]对当事人位于[[g:天山区和平南路32号]]的干果店进行检查，发现当事人销售的葡萄干标签未标注生产日期。经询问，当事人[[P:热合曼·艾则孜]]承认上述葡萄干系其从外地购进，帮工[[P:阿依古丽·买买提]]负责称重销售。[[P:阿依古丽]]称，进货时未索取票据。经核算，当事人共购进葡萄干200公斤，货值金额[[m:6000元]]，违法所得[[m:860元]]。另查明，当事人此前使用的旧身份证号码为[[I:650102780315123]]。
以上事实有现场检查笔录、询问笔录、进货单据等证据证明。当事人的行为违反了《[[l:中华人民共和国食品安全法]]》第六十七条的规定。""",
    },
    {
        "id": "V02",
        "source": "frame of R13 (http://www.hnyx.gov.cn/c5662/20251205/i2450359.html)",
        "note": "R13's frame with a fictional Hong Kong resident as the driver: his permit number, a Hong "
        "Kong and a Macao phone in their usual written forms, a home address in Hong Kong and a "
        "plate with the 粤Z…港 suffix.",
        "parties": [P("陈家豪", address="香港特别行政区油尖旺区弥敦道688号12楼B室")],
        "officers": [],
        "marked": """[[o:珠海市交通运输局]]
行政处罚决定书
[[n:珠交执罚〔2025〕0156号]]
一、当事人基本情况
姓名：[[P:陈家豪]]，性别：男，香港居民，港澳居民来往内地通行证号码：[[S:H12345678]]，联系电话：[[T:+852 9123 4567]]，澳门联系电话：[[T:(853) 6612 3456]]，住址：香港特别行政区油尖旺区[[A:弥敦道688号12楼B室]]。
二、案件来源及调查经过
[[d:2025年5月8日]]9时10分，[[P:陈家豪]]驾驶车牌[[V:粤Z·F023港]]小型客车在港珠澳大桥珠海口岸附近，擅自从事道路旅客运输经营，被[[o:珠海市交通运输综合行政执法支队]]查获。经查，乘客[[P:李嘉欣]]、[[P:黄子华]]称，每人向[[P:陈家豪]]支付车费[[m:150元]]。
三、违法事实及相关证据
经查，[[P:陈家豪]]未取得道路运输经营许可，擅自从事道路旅客运输经营，违反了《[[l:中华人民共和国道路运输条例]]》第十条之规定。""",
    },
    {
        "id": "V03",
        "source": "frame of R15 (https://m.qclgf.com/zrzyj/zwgk/gsgg/xzzfgs/20260119/i3851421.html)",
        "note": "R15's frame with fictional Mongolian parties (names without a Han surname) and "
        "property certificates in older formats.",
        "parties": [P("巴特尔"), P("其木格")],
        "officers": [],
        "marked": """行政处罚决定书
[[n:乌自然资罚决字〔2025〕7号]]
[[P:巴特尔]]、[[P:其木格]]：
我局于[[d:2025年4月2日]]对你二人非法占用土地建房一案立案调查。经查，你二人于2019年5月未经依法批准在[[x:乌兰浩特市义勒力特镇索根嘎查]]占用耕地建房。[[P:巴特尔]]原有房屋已办理房屋所有权证（[[R:乌房权证义字第200812345号]]），宅基地已办理集体土地使用证（[[R:乌集用（2009）第00321号]]）。[[P:其木格]]另持有不动产权证书（[[R:蒙(2020)乌兰浩特市不动产权第0004567号]]）和房屋所有权证（[[R:呼房权证字第01234567号]]），新建房屋未办理任何用地手续。
你二人上述行为违反了《[[l:中华人民共和国土地管理法]]》第六十二条的规定。证人[[P:乌力吉]]证实，房屋由[[P:巴特尔]]出资建设。""",
    },
    {
        "id": "V04",
        "source": "frame of R20 (http://www.kaisidi.cc/xxgk/xzfy/content/post_9762213.html)",
        "note": "R20's frame with a fictional foreign national (name in Chinese with a middle dot and in "
        "Latin letters), a foreign passport number after its label, an e-mail and a bank card in "
        "groups.",
        "parties": [P("约翰·史密斯")],
        "officers": [],
        "marked": """行政复议决定书 [[n:花都府行复〔2024〕290号]]
申请人：[[P:约翰·史密斯]]（[[P:John Smith]]），男，美国国籍，护照号码：[[S:567123890]]，电子邮箱：[[E:john.smith@example.com]]。
被申请人：[[o:广州市公安局花都区分局]]
申请人不服被申请人于[[d:2024年3月5日]]作出的[[n:穗公花行罚决字〔2024〕311208号]]《行政处罚决定书》，向本府申请行政复议，本府依法予以受理。
被申请人答复称：[[d:2024年2月27日]]，被申请人民警在花都区新华街某公司检查时发现，[[P:约翰·史密斯]]持学习类居留许可在该公司从事英语培训工作，每月由该公司负责人[[P:何志强]]向其银行卡[[B:{CARDG}]]转账工资[[m:12000元]]。[[P:约翰·史密斯]]的行为违反了《[[l:中华人民共和国出境入境管理法]]》第四十一条的规定。""",
    },
    {
        "id": "V05",
        "source": "frame of R23 (http://xxgk.san-he.gov.cn/index.do?templet=contentx_m&code={0A2E72FB-0000-0000-3449-B965000008F0})",
        "note": "R23's frame with fictional staff whose names have no Han surname (a Tibetan and a Dai "
        "name), an officer pair listed with 、, and a minor named by a parent.",
        "parties": [ORG("拉萨市城关区雪域网吧", "individual_business"), P("格桑", "legal_representative")],
        "officers": ["罗布", "张建华"],
        "marked": """行政处罚决定书
[[n:拉城文罚字〔2023〕第019号]]
当事人：[[o:拉萨市城关区雪域网吧]]
负责人：[[P:格桑]]
地址：[[g:拉萨市城关区北京中路56号]]
[[d:2023年7月14日]]21时，[[o:拉萨市城关区文化市场综合执法大队]]执法人员[[f:罗布]]、[[f:张建华]]对当事人进行检查，网管[[P:达瓦次仁]]配合检查，收银员[[P:玉香]]当班。检查中发现一名上网消费者未满十八周岁，其母亲[[P:央金]]到场后确认其年龄为16周岁。[[P:达瓦次仁]]称当晚未核对该消费者的身份证件。
以上事实有现场检查笔录、对[[P:格桑]]和[[P:达瓦次仁]]的询问笔录为证。当事人的行为违反了《[[l:互联网上网服务营业场所管理条例]]》第二十一条的规定。""",
    },
    {
        "id": "V06",
        "source": "frame of R01 (http://m.irbhqh.cn/xzcfxzqzjd/51312.html)",
        "note": "R01's frame with fictional people whose names are ordinary words (向东, 田野, 高峰, 林立) "
        "beside ordinary phrases that look like names (经核算, 向东行驶, 高峰时段).",
        "parties": [ORG("五原县顺达烟酒商店", "individual_business"), P("向东", "legal_representative")],
        "officers": [],
        "marked": """[[o:五原县市场监督管理局]]行政处罚决定书
[[n:五市监处罚〔2025〕102号]]
当事人：[[o:五原县顺达烟酒商店]]
经营者：[[P:向东]]
住所：[[g:五原县隆兴昌镇新华街66号]]
[[d:2025年9月2日]]早[[w:高峰时段]]，本局执法人员在新华街巡查时发现一辆厢式货车[[w:向东行驶]]后停靠在当事人店门口卸货，当事人[[P:向东]]和店员[[P:田野]]正在搬运卷烟。经询问，[[P:田野]]称货物由[[P:高峰]]联系送来，[[P:林立]]负责记账。[[w:经核算]]，当事人共购进卷烟40条，货值金额[[m:8800元]]。
以上事实有现场检查笔录、对[[P:向东]]、[[P:田野]]的询问笔录为证。""",
    },
    {
        "id": "V07",
        "source": "frame of R30 (http://m.gu456.com/Jczwgk/show/3471989.html)",
        "note": "R30's frame with staff named in a list after a role word, two officers listed, a "
        "landline in groups and a business whose name contains a person's name.",
        "parties": [ORG("广德市王建华副食品店", "individual_business"), P("王建华", "legal_representative")],
        "officers": ["程亮", "汪敏"],
        "marked": """[[o:广德市市场监督管理局]]行政处罚决定书[[n:广市监处罚〔2024〕03107号]]
当事人：[[o:广德市王建华副食品店]]
经营者：[[P:王建华]]，联系电话：[[T:0563-6012 345]]
[[d:2024年11月5日]]，本局执法人员[[f:程亮]]、[[f:汪敏]]对当事人进行检查，发现货架上有超过保质期的“[[w:旺仔牛奶糖]]”6袋。当事人从业人员[[P:王芳]]、[[P:张伟]]、[[P:刘洋]]均在场。经询问，[[P:王芳]]称过期食品系[[P:张伟]]上货时未清理。[[o:广德市王建华副食品店]]经营者[[P:王建华]]对上述事实无异议。
本局认为，当事人的行为违反了《[[l:中华人民共和国食品安全法]]》第三十四条第（十）项的规定，依据该法第一百二十四条第一款第（五）项的规定，决定罚款[[m:5000元]]。执法人员：[[f:程亮]]、[[f:汪敏]]。""",
    },
]


# --------------------------------------------------------------------------------------- building


def _mobile() -> str:
    return "1" + RNG.choice("35789") + "".join(RNG.choice("0123456789") for _ in range(9))


def _id(area: str) -> str:
    birth = f"{RNG.randint(1955, 2002)}{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}"
    return complete_resident_id(f"{area}{birth}{RNG.randint(0, 999):03d}")


def _card() -> str:
    payload = "622202" + "".join(RNG.choice("0123456789") for _ in range(12))
    return payload + luhn_check_digit(payload)


_AREAS = ("110105", "330106", "430102", "440305", "510107", "320684")


def fill(marked: str) -> str:
    def one(m: re.Match[str]) -> str:
        kind, _, arg = m.group(1).partition(":")
        if kind == "ID":
            return _id(arg or RNG.choice(_AREAS))
        if kind == "IDX":
            while True:
                value = _id(RNG.choice(_AREAS))
                if value.endswith("X"):
                    return value
        if kind == "MOB":
            return _mobile()
        if kind == "MOBG":
            m_ = _mobile()
            return f"{m_[:3]} {m_[3:7]} {m_[7:]}"
        if kind == "MOBH":
            m_ = _mobile()
            return f"{m_[:3]}-{m_[3:7]}-{m_[7:]}"
        if kind == "CARD":
            return _card()
        if kind == "CARDG":
            c = _card()
            return " ".join(c[i : i + 4] for i in range(0, len(c), 4))
        if kind == "USCC":
            body = "".join(RNG.choice("0123456789ABCDEFGH") for _ in range(8))
            return complete_credit_code("91" + RNG.choice(_AREAS) + body)
        raise ValueError(f"unknown placeholder {m.group(0)}")

    return re.sub(r"\{(ID(?::\d{6})?|IDX|MOBG|MOBH|MOB|CARDG|CARD|USCC)\}", one, marked)


_MARK = re.compile(r"\[\[([A-Za-z]):(.+?)\]\]", re.S)


def parse_marked(marked: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and its labels from the ``[[X:…]]`` markup (offsets in code points)."""
    out: list[str] = []
    labels: list[dict[str, Any]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        code, value = m.group(1), m.group(2)
        if code in REDACT:
            kind, category = "redact", REDACT[code]
        elif code in KEEP:
            kind, category = "keep", KEEP[code]
        elif code == "x":
            kind, category = "ignore", ""
        else:
            raise ValueError(f"unknown label {code!r} in {m.group(0)!r}")
        labels.append(
            {"start": length, "end": length + len(value), "kind": kind, "category": category, "text": value}
        )
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup near {text[text.find('[[') :][:40]!r}")
    return text, labels


def build() -> list[dict[str, Any]]:
    docs = []
    for d in DOCS:
        text, labels = parse_marked(fill(d["marked"]))
        docs.append(
            {
                "id": d["id"],
                "source": d["source"],
                "note": d["note"],
                "parties": d["parties"],
                "officers": d["officers"],
                "text": text,
                "labels": labels,
            }
        )
    return docs


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    for doc in build():
        (OUT / f"{doc['id']}.json").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(DOCS)} documents to {OUT}")


if __name__ == "__main__":
    main()
