package catalog

import (
	"gongkai/internal/org"
)

// The catalog templates, one per unit type, as Go data. Codes are stable:
// documents, supervision and imports refer to them, so a code, once
// released, is never reused for another column. A template column is
// statutory unless marked optional: a unit may edit the update rule, genre
// and standard fields of a statutory column, but may not rename or hide it.

// tnode is one column of a template.
type tnode struct {
	code, name string
	kind       Kind
	rule       UpdateRule
	genre      string
	optional   bool // not required by law: the unit may rename and hide it
	kids       []tnode
}

func section(code, name string, kids ...tnode) tnode {
	return tnode{code: code, name: name, kind: KindSection, rule: RuleNone, kids: kids}
}

func list(code, name string, rule UpdateRule, genre string) tnode {
	return tnode{code: code, name: name, kind: KindList, rule: rule, genre: genre}
}

func page(code, name string) tnode {
	return tnode{code: code, name: name, kind: KindPage, rule: RuleNone}
}

func link(code, name string) tnode {
	return tnode{code: code, name: name, kind: KindLink, rule: RuleNone}
}

// AnnualReportCode is the code of the 政府信息公开年报 column, where a unit's
// annual report is published (Regulation Art. 49).
const AnnualReportCode = "annual_report"

func (n tnode) opt() tnode { n.optional = true; return n }

// tcol is a template column with the code of its parent ("" at the top).
type tcol struct {
	Column
	parentCode string
}

// Template is a unit type's catalog as a tree-ordered list of columns (IDs
// unset; Depth and Path set). It is what Ensure instantiates.
func Template(t org.Type) []Column {
	tc := templateColumns(t)
	out := make([]Column, len(tc))
	for i, c := range tc {
		out[i] = c.Column
	}
	return out
}

func templateColumns(t org.Type) []tcol {
	var out []tcol
	var walk func(ns []tnode, parent string, depth int, path []string)
	walk = func(ns []tnode, parent string, depth int, path []string) {
		for i, n := range ns {
			c := Column{Code: n.code, Name: n.name, Kind: n.kind, Statutory: !n.optional, SortOrder: (i + 1) * 10,
				UpdateRule: n.rule, Genre: n.genre, Depth: depth}
			if n.kind == KindList && n.code != AnnualReportCode && (t == org.TypeTownship || t == org.TypeStreet) {
				c.Std = grassrootsStd(t, n)
			}
			p := append(path[:len(path):len(path)], n.name)
			c.Path = displayPath(p)
			out = append(out, tcol{Column: c, parentCode: parent})
			walk(n.kids, n.code, depth+1, p)
		}
	}
	walk(templateTree(t), "", 0, nil)
	return out
}

// SectionTitle is what the portal calls a unit's disclosure section.
func SectionTitle(t org.Type) string {
	switch t {
	case org.TypeCommunity, org.TypeVillage:
		return "村（居）务公开"
	case org.TypeSchool:
		return "校务公开"
	}
	return "政府信息公开"
}

func templateTree(t org.Type) []tnode {
	switch t {
	case org.TypeCommunity, org.TypeVillage:
		return grassrootsTree()
	case org.TypeSchool:
		return schoolTree()
	case org.TypeTownship, org.TypeStreet:
		return governmentTree(t)
	case org.TypeCountyGovernment:
		return governmentTree(t)
	}
	// department, other, and any type added later
	return governmentTree(org.TypeDepartment)
}

// governmentTree is the standard 政府信息公开 section of an administrative
// body (RULES.md "Proactive disclosure"; Regulation Art. 19–23).
func governmentTree(t org.Type) []tnode {
	county := t == org.TypeCountyGovernment
	town := t == org.TypeTownship || t == org.TypeStreet

	// Art. 20 (一): 规章 are made by provinces and cities with districts; a
	// township publishes none of its own, so its template has no 规章 column.
	var policies []tnode
	if !town {
		policies = append(policies, list("zcwj.gz", "规章", RuleOnChange, "规章"))
	}
	policies = append(policies,
		list("zcwj.gfxwj", "行政规范性文件", RuleOnChange, "行政规范性文件"),
		list("zcwj.qtwj", "其他文件", RuleOnChange, "其他文件"))

	resources := []tnode{
		list("ggzy.zfcg", "政府采购", RuleOnChange, "公告公示"),
		list("ggzy.gcztb", "工程建设招投标", RuleOnChange, "公告公示"),
	}
	if !town {
		resources = append(resources, list("ggzy.tdcr", "国有土地出让", RuleOnChange, "公告公示"))
	}

	statsRule := RuleQuarterly
	if county {
		statsRule = RuleMonthly
	}

	fd := []tnode{
		list("jgzn", "机构职能", RuleOnChange, "其他文件"),
		section("zcwj", "政策文件", policies...),
		list("zcjd", "政策解读", RuleOnChange, "政策解读"),
		list("ghjh", "规划计划", RuleYearly, "规划计划"),
		section("czzj", "财政资金",
			list("czzj.ys", "预算", RuleYearly, "财政预决算"),
			list("czzj.js", "决算", RuleYearly, "财政预决算"),
			list("czzj.sgjf", "三公经费", RuleYearly, "财政预决算")),
		list("zdxm", "重大项目", RuleOnChange, "公告公示"),
		section("ggzy", "公共资源配置", resources...),
		section("xzql", "行政权力",
			list("xzql.qzqd", "权责清单", RuleOnChange, "其他文件"),
			list("xzql.xzxk", "行政许可", RuleOnChange, "行政执法"),
			list("xzql.xzcf", "行政处罚", RuleOnChange, "行政执法"),
			list("xzql.xzqz", "行政强制", RuleOnChange, "行政执法")),
		section("msxx", "民生信息",
			list("msxx.shjz", "社会救助", RuleOnChange, "公告公示"),
			list("msxx.jycy", "就业创业", RuleOnChange, "其他文件"),
			list("msxx.jy", "教育", RuleOnChange, "其他文件"),
			list("msxx.ylws", "医疗卫生", RuleOnChange, "其他文件"),
			list("msxx.ylfw", "养老服务", RuleOnChange, "其他文件")),
	}
	if town {
		// Art. 21: townships also publish social relief and rural affairs.
		fd = append(fd,
			section("dbjz", "低保救助",
				list("dbjz.db", "最低生活保障", RuleQuarterly, "公告公示"),
				list("dbjz.tk", "特困人员救助供养", RuleQuarterly, "公告公示"),
				list("dbjz.lsjz", "临时救助", RuleQuarterly, "公告公示")),
			section("ncsw", "农村事务",
				list("ncsw.hnbt", "惠农补贴", RuleOnChange, "公告公示"),
				list("ncsw.tdcb", "农村土地承包经营权流转", RuleOnChange, "公告公示"),
				list("ncsw.zjd", "宅基地使用审核", RuleOnChange, "公告公示"),
				list("ncsw.wfgz", "农村危房改造", RuleOnChange, "公告公示"),
				list("ncsw.nlsl", "农田水利工程建设", RuleOnChange, "公告公示")))
	}
	if county || town {
		// Art. 21: land expropriation (county and township governments).
		fd = append(fd, list("zdxx", "征地信息", RuleOnChange, "公告公示"))
	}
	fd = append(fd,
		list("rsxx", "人事信息", RuleOnChange, "人事信息"),
		list("tjxx", "统计信息", statsRule, "统计信息"),
		list("yjgl", "应急管理", RuleOnChange, "公告公示"),
		list("jyta", "建议提案办理", RuleYearly, "建议提案").opt(),
		list("tzgg", "通知公告", RuleOnChange, "公告公示").opt(),
		list("gzdt", "工作动态", RuleWeekly, "工作动态").opt(),
	)

	return []tnode{
		page("guide", "政府信息公开指南"),
		page("rules", "政府信息公开制度"),
		section("fdzdgk", "法定主动公开内容", fd...),
		// A list: the annual report is a document of this column, reviewed
		// and published like any other (internal/report, 送审发布).
		list(AnnualReportCode, "政府信息公开年报", RuleYearly, "其他文件"),
		link("request", "依申请公开"),
	}
}

// grassrootsTree is 村（居）务公开 for communities and villages (村民委员会
// 组织法 Art. 30: ordinary matters at least quarterly, finances monthly where
// there are many transactions, major matters at once).
func grassrootsTree() []tnode {
	return []tnode{
		page("guide", "村（居）务公开指南"),
		page("rules", "村（居）务公开制度"),
		section("cjwgk", "村（居）务公开内容",
			list("cjwgk.dw", "党务公开", RuleQuarterly, "村（居）务公开"),
			list("cjwgk.cw", "村（居）务公开", RuleQuarterly, "村（居）务公开"),
			list("cjwgk.cz", "财务公开", RuleMonthly, "村（居）务公开"),
			list("cjwgk.hm", "惠民政策", RuleOnChange, "村（居）务公开"),
			list("cjwgk.db", "低保救助", RuleQuarterly, "村（居）务公开"),
			list("cjwgk.jtzc", "集体资产", RuleQuarterly, "村（居）务公开"),
			list("cjwgk.gcxm", "工程项目", RuleOnChange, "村（居）务公开"),
			list("cjwgk.tzgg", "通知公告", RuleOnChange, "公告公示").opt(),
			list("cjwgk.gzdt", "工作动态", RuleWeekly, "工作动态").opt(),
		),
	}
}

// schoolTree is 校务公开 for public schools.
func schoolTree() []tnode {
	return []tnode{
		page("guide", "校务公开指南"),
		page("rules", "校务公开制度"),
		section("xwgk", "校务公开内容",
			list("xwgk.zc", "学校章程与制度", RuleOnChange, "校务公开"),
			list("xwgk.fzgh", "发展规划", RuleYearly, "规划计划"),
			section("xwgk.cw", "财务收支",
				list("xwgk.cw.ys", "预算", RuleYearly, "财政预决算"),
				list("xwgk.cw.js", "决算", RuleYearly, "财政预决算"),
				list("xwgk.cw.sf", "收费项目及标准", RuleOnChange, "公告公示"),
				list("xwgk.cw.zxjf", "专项经费", RuleYearly, "财政预决算")),
			list("xwgk.zsks", "招生考试", RuleOnChange, "公告公示"),
			list("xwgk.cgzb", "采购招标", RuleOnChange, "公告公示"),
			section("xwgk.rs", "人事与评优",
				list("xwgk.rs.gwpy", "岗位聘用", RuleOnChange, "人事信息"),
				list("xwgk.rs.zcps", "职称评审", RuleYearly, "人事信息"),
				list("xwgk.rs.pxpy", "评先评优", RuleOnChange, "公告公示")),
			section("xwgk.zz", "学生资助",
				list("xwgk.zz.jxj", "奖学金", RuleYearly, "公告公示"),
				list("xwgk.zz.zxj", "助学金", RuleOnChange, "公告公示"),
				list("xwgk.zz.jm", "减免", RuleOnChange, "公告公示")),
			list("xwgk.zdjc", "重大决策", RuleOnChange, "校务公开"),
			list("xwgk.szdw", "师资队伍", RuleYearly, "校务公开"),
			list("xwgk.tzgg", "通知公告", RuleOnChange, "公告公示").opt(),
			list("xwgk.xydt", "校园动态", RuleWeekly, "工作动态").opt(),
		),
	}
}

// stdText is what a grassroots standard catalog says about one item.
type stdText struct{ item, content, basis string }

const regulation = "《中华人民共和国政府信息公开条例》"

// grassrootsStd holds the 事项名称, 内容 and 依据 of the township/street
// columns, by code; the 时限 follows the column's update rule.
var grassrootsStd = func() func(org.Type, tnode) Std {
	texts := map[string]stdText{
		"jgzn":       {"机构职能信息", "机构名称、主要职责、内设机构、办公地址、办公时间、联系方式、负责人姓名", regulation + "第二十条第（二）项"},
		"zcwj.gfxwj": {"行政规范性文件", "本级制定的行政规范性文件及其清理结果、有效性情况", regulation + "第二十条第（一）项"},
		"zcwj.qtwj":  {"其他政策文件", "本级印发的其他政策性文件", regulation + "第二十条第（一）项"},
		"zcjd":       {"政策解读", "重要政策文件的解读材料、图解和答问，与政策文件同步发布", "《关于全面推进政务公开工作的意见》（中办发〔2016〕8号）"},
		"ghjh":       {"规划计划", "国民经济和社会发展规划、年度工作计划、专项规划及其实施情况", regulation + "第二十条第（三）项"},
		"czzj.ys":    {"财政预算", "经人民代表大会批准的本级财政预算、部门预算及报表、说明", regulation + "第二十条第（七）项；《中华人民共和国预算法》第十四条"},
		"czzj.js":    {"财政决算", "经批准的本级财政决算、部门决算及报表、说明", regulation + "第二十条第（七）项；《中华人民共和国预算法》第十四条"},
		"czzj.sgjf":  {"“三公”经费", "因公出国（境）费、公务用车购置及运行费、公务接待费的预算和决算情况", "《中华人民共和国预算法》第十四条"},
		"zdxm":       {"重大建设项目", "重大建设项目的批准、实施情况和资金使用情况", regulation + "第二十条第（十）项"},
		"ggzy.zfcg":  {"政府采购", "政府集中采购项目的目录、标准、采购公告、中标（成交）结果及合同", regulation + "第二十条第（九）项"},
		"ggzy.gcztb": {"工程建设招投标", "工程建设项目的招标公告、中标候选人公示和中标结果", "《中华人民共和国招标投标法》；" + regulation + "第二十一条"},
		"xzql.qzqd":  {"权责清单", "依法承担的行政权力事项及其依据、责任事项和监督方式", regulation + "第二十条第（五）项、第（六）项"},
		"xzql.xzxk":  {"行政许可", "行政许可事项的依据、条件、程序以及办理结果", regulation + "第二十条第（五）项"},
		"xzql.xzcf":  {"行政处罚", "行政处罚的依据、条件、程序以及具有一定社会影响的行政处罚决定", regulation + "第二十条第（六）项"},
		"xzql.xzqz":  {"行政强制", "行政强制的依据、条件、程序", regulation + "第二十条第（六）项"},
		"msxx.shjz":  {"社会救助政策", "社会救助政策、申请条件、办理流程和救助标准", regulation + "第二十条第（十一）项；《社会救助暂行办法》"},
		"msxx.jycy":  {"就业创业", "就业创业扶持政策、招聘信息和职业技能培训安排", regulation + "第二十条第（十一）项"},
		"msxx.jy":    {"教育", "辖区学校布局、招生入学政策和学生资助政策", regulation + "第二十条第（十一）项"},
		"msxx.ylws":  {"医疗卫生", "基本公共卫生服务项目、医疗保障政策和卫生院服务信息", regulation + "第二十条第（十一）项"},
		"msxx.ylfw":  {"养老服务", "养老服务政策、高龄津贴发放和养老机构信息", regulation + "第二十条第（十一）项"},
		"dbjz.db":    {"最低生活保障", "低保对象的姓名（隐去身份信息）、保障人数、保障金额，按季度公示", regulation + "第二十一条；《社会救助暂行办法》第十三条"},
		"dbjz.tk":    {"特困人员救助供养", "特困供养对象、供养形式和供养标准", regulation + "第二十一条；《社会救助暂行办法》"},
		"dbjz.lsjz":  {"临时救助", "临时救助对象、救助事由和救助金额", regulation + "第二十一条；《社会救助暂行办法》"},
		"ncsw.hnbt":  {"惠农补贴", "耕地地力保护补贴等惠农补贴的政策、对象和发放情况", regulation + "第二十一条"},
		"ncsw.tdcb":  {"农村土地承包经营权流转", "土地流转的面积、对象、期限和价格", regulation + "第二十一条"},
		"ncsw.zjd":   {"宅基地使用审核", "宅基地申请的审核条件、程序和审核结果", regulation + "第二十一条；《中华人民共和国土地管理法》第六十二条"},
		"ncsw.wfgz":  {"农村危房改造", "危房改造对象的认定、补助标准和实施情况", regulation + "第二十一条"},
		"ncsw.nlsl":  {"农田水利工程建设", "农田水利工程的建设计划、资金和运营管护情况", regulation + "第二十一条"},
		"zdxx":       {"征地信息", "征收土地预公告、征地补偿安置方案、征地批复和补偿费用发放情况", regulation + "第二十一条；《中华人民共和国土地管理法》第四十七条"},
		"rsxx":       {"人事信息", "干部任免、公务员和事业单位人员招考的职位、名额、条件和录用结果", regulation + "第二十条第（十四）项"},
		"tjxx":       {"统计信息", "辖区国民经济和社会发展统计数据", regulation + "第二十条第（四）项"},
		"yjgl":       {"应急管理", "突发事件应急预案、预警信息及应对情况，安全生产监督检查情况", regulation + "第二十条第（十二）项、第（十三）项"},
		"jyta":       {"建议提案办理", "人大代表建议和政协委员提案的办理复文及总体情况", "《国务院办公厅关于做好全国人大代表建议和全国政协委员提案办理结果公开工作的通知》"},
		"tzgg":       {"通知公告", "需要社会公众广泛知晓的通知、公告和公示", regulation + "第十九条"},
		"gzdt":       {"工作动态", "本级重要会议、重点工作推进情况", regulation + "第十九条"},
	}
	return func(t org.Type, n tnode) Std {
		subject := "乡镇人民政府"
		if t == org.TypeStreet {
			subject = "街道办事处"
		}
		tx, ok := texts[n.code]
		if !ok {
			tx = stdText{n.name, n.name + "相关信息", regulation + "第二十条"}
		}
		return Std{Item: tx.item, Content: tx.content, Basis: tx.basis, TimeLimit: n.rule.TimeLimit(),
			Subject: subject, Method: "主动公开", Channel: "政府网站 公开栏", Audience: "全社会"}
	}
}()
