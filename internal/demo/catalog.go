package demo

import (
	"fmt"
	"html"
	"strings"

	"gongkai/internal/catalog"
	"gongkai/internal/org"
)

// loadCatalog gives every demo unit its catalog and writes its 公开指南 and
// 公开制度 pages from the unit's own details. The text depends only on the
// unit, not on the random source, so it is the same for every seed.
func loadCatalog(e *Env) error {
	cat := catalog.NewService(e.DB)
	office := e.ByCode[codeGovOffice]
	columns := 0
	for _, u := range e.Units {
		cols, err := cat.Tree(e.Ctx, u, true)
		if err != nil {
			return fmt.Errorf("catalog %s: %w", u.Code, err)
		}
		columns += len(cols)
		for _, c := range cols {
			var body string
			switch c.Code {
			case "guide":
				body = guideHTML(u, office)
			case "rules":
				body = rulesHTML(u)
			default:
				continue
			}
			if _, err := cat.SetPage(e.Ctx, actor, c.ID, body); err != nil {
				return fmt.Errorf("catalog %s: %s: %w", u.Code, c.Code, err)
			}
		}
	}
	e.Printf("公开目录：%d 个单位，%d 个栏目 (catalog: %d units, %d columns)", len(e.Units), columns, len(e.Units), columns)
	return nil
}

// kindOf sorts units into the three kinds of disclosure the texts differ by.
func kindOf(u org.Unit) string {
	switch u.Type {
	case org.TypeCommunity, org.TypeVillage:
		return "grassroots"
	case org.TypeSchool:
		return "school"
	}
	return "government"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// guideHTML is the unit's 公开指南 (Regulation Art. 22–23): proactive
// disclosure, disclosure on request, fees, supervision and remedies.
func guideHTML(u org.Unit, office org.Unit) string {
	name := html.EscapeString(u.Name)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	kind := kindOf(u)
	title := catalog.SectionTitle(u.Type)

	switch kind {
	case "government":
		w(`<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制本指南。申请获取%s政府信息前，请仔细阅读本指南。本指南每年至少更新一次。</p>`, name)
	case "school":
		w(`<p>为保障师生员工、学生家长和社会公众依法获取学校信息，根据《中华人民共和国政府信息公开条例》关于公共企事业单位信息公开的规定和教育主管部门的要求，编制本指南。</p>`)
	default:
		w(`<p>为保障村（居）民的知情权、参与权、表达权和监督权，根据《中华人民共和国村民委员会组织法》和《中华人民共和国城市居民委员会组织法》，编制本指南。</p>`)
	}

	w(`<h2>一、主动公开</h2><h3>（一）公开的范围</h3>`)
	switch {
	case kind == "school":
		w(`<p>学校主动公开学校章程与制度、发展规划、财务收支（预算、决算、收费项目及标准、专项经费）、招生考试、采购招标、人事与评优、学生资助、重大决策和师资队伍等信息，具体内容见本单位%s目录。</p>`, title)
	case kind == "grassroots":
		w(`<p>本%s主动公开党务、村（居）务、财务，惠民政策落实，低保救助，集体资产管理和工程项目建设等事项，具体内容见%s目录。</p>`,
			html.EscapeString(u.Type.Label()), title)
	case u.Type == org.TypeTownship || u.Type == org.TypeStreet:
		w(`<p>本单位按照《条例》第十九条、第二十条、第二十一条和基层政务公开标准目录，主动公开机构职能、政策文件、政策解读、规划计划、财政资金、重大项目、公共资源配置、行政权力运行、民生信息、低保救助、农村事务、征地信息、人事信息、统计信息和应急管理等政府信息，具体内容见本单位政府信息公开目录和基层政务公开标准目录。</p>`)
	case u.Type == org.TypeCountyGovernment:
		w(`<p>本单位按照《条例》第十九条、第二十条、第二十一条，主动公开机构职能、政策文件、政策解读、规划计划、财政资金、重大项目、公共资源配置、行政权力运行、民生信息、征地信息、人事信息、统计信息、应急管理和建议提案办理等政府信息，具体内容见本单位政府信息公开目录。</p>`)
	default:
		w(`<p>本单位按照《条例》第十九条、第二十条，主动公开机构职能、政策文件、政策解读、规划计划、财政资金、重大项目、公共资源配置、行政权力运行、民生信息、人事信息、统计信息和应急管理等政府信息，具体内容见本单位政府信息公开目录。</p>`)
	}
	w(`<h3>（二）公开的方式和时限</h3>`)
	w(`<p>主动公开的信息通过本平台“%s”栏目发布，并根据需要通过政务新媒体、新闻发布会、%s等途径公开。</p>`,
		title, map[string]string{"government": "政务服务场所、公开栏", "school": "校园公开栏、家长会", "grassroots": "村（居）务公开栏、村（居）民会议"}[kind])
	if kind == "grassroots" {
		w(`<p>一般事项至少每季度公开一次；集体财务往来较多的，财务收支情况每月公开一次；涉及村（居）民切身利益的重大事项随时公开。</p>`)
	} else {
		w(`<p>属于主动公开范围的信息，自该信息形成或者变更之日起20个工作日内予以公开。法律、法规对公开期限另有规定的，从其规定。</p>`)
	}

	w(`<h2>二、依申请公开</h2><h3>（一）受理机构</h3>`)
	w(`<table><tbody><tr><th scope="row">受理机构</th><td>%s</td></tr><tr><th scope="row">办公地址</th><td>%s</td></tr>`+
		`<tr><th scope="row">联系电话</th><td>%s</td></tr><tr><th scope="row">办公时间</th><td>%s</td></tr><tr><th scope="row">电子邮箱</th><td>%s</td></tr></tbody></table>`,
		name, html.EscapeString(orDash(u.Address)), html.EscapeString(orDash(u.Phone)), html.EscapeString(orDash(u.OfficeHours)), html.EscapeString(orDash(u.Email)))
	w(`<h3>（二）申请方式</h3><p>申请人可以通过以下方式提出申请：</p><ol>`)
	w(`<li>电子邮件申请：将填写完整的《政府信息公开申请表》及身份证明扫描件发送至上述电子邮箱，受理机构与申请人确认后即为收到申请；</li>`)
	w(`<li>信函申请：填写《政府信息公开申请表》，邮寄至上述办公地址，并在信封左下角注明“政府信息公开申请”字样；</li>`)
	w(`<li>当面申请：在办公时间内到受理机构当面提交书面申请；书写确有困难的，可以口头提出，由受理机构代为填写。</li></ol>`)
	w(`<p>申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的信息的名称、文号或者便于查询的其他特征性描述；获取信息的方式、途径等形式要求。</p>`)
	w(`<h3>（三）处理流程</h3><ol>`)
	w(`<li>登记：收到申请后登记，当面提交的以提交之日为收到之日，邮寄的以签收之日为收到之日，网上提交的以双方确认之日为收到之日；</li>`)
	w(`<li>补正：申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人补正的事项和合理的补正期限；</li>`)
	w(`<li>征求意见：公开可能损害第三方合法权益的，书面征求第三方意见，第三方应当自收到之日起15个工作日内提出意见；</li>`)
	w(`<li>审查和答复：经保密审查后，按照公开、部分公开、不予公开、无法提供、不予处理等情形出具书面答复。</li></ol>`)
	w(`<h3>（四）答复时限</h3><p>能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在内。</p>`)

	w(`<h2>三、收费</h2><p>依申请提供信息，不收取费用。申请人申请公开信息的数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。</p>`)

	w(`<h2>四、监督和救济</h2><p>公民、法人或者其他组织认为本单位在信息公开工作中侵犯其合法权益的，可以向上一级主管部门或者县人民政府政务公开工作主管部门投诉、举报`)
	if kind == "government" {
		w(`，也可以依法申请行政复议或者提起行政诉讼`)
	}
	w(`。</p>`)
	if office.ID != 0 {
		w(`<p>县政务公开工作主管部门：%s（县政务公开办公室），地址：%s，电话：%s。</p>`,
			html.EscapeString(office.Name), html.EscapeString(orDash(office.Address)), html.EscapeString(orDash(office.Phone)))
	}
	return b.String()
}

// rulesHTML is the unit's 公开制度: the working rules it follows.
func rulesHTML(u org.Unit) string {
	name := html.EscapeString(u.Name)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	kind := kindOf(u)
	w(`<p>为规范%s%s工作，结合本单位实际，建立以下工作制度。</p><ol>`, name, catalog.SectionTitle(u.Type))
	w(`<li><strong>保密审查制度。</strong>信息公开前，由承办科室提出公开意见，经本单位保密审查并由负责人审核后方可发布；不能确定是否可以公开的，报有关主管部门或者保密行政管理部门确定。未经保密审查的信息一律不得公开。</li>`)
	w(`<li><strong>主动公开制度。</strong>按照公开目录确定的栏目和更新频率及时发布信息，信息形成或者变更之日起20个工作日内公开；动态类信息每周至少更新一次。</li>`)
	if kind != "grassroots" {
		w(`<li><strong>依申请公开工作规程。</strong>统一受理、登记、补正、征求第三方意见、审核、答复和归档，在法定期限内答复，全程记入办理台账。</li>`)
	}
	if kind == "government" {
		w(`<li><strong>政策解读制度。</strong>出台重要政策文件时，解读材料与政策文件同步起草、同步审签、同步发布，由文件起草部门负责解读。</li>`)
		w(`<li><strong>年度报告制度。</strong>每年编制上一年度政府信息公开工作年度报告，按照规定的时间向社会公布。</li>`)
	}
	if kind == "grassroots" {
		w(`<li><strong>“四议两公开”制度。</strong>涉及村（居）民切身利益的重大事项，决议和实施结果均向全体村（居）民公开。</li>`)
		w(`<li><strong>监督制度。</strong>村（居）务监督委员会负责监督公开事项的真实性和及时性，对村（居）民的意见及时答复。</li>`)
	}
	if kind == "school" {
		w(`<li><strong>意见反馈制度。</strong>通过教职工代表大会、家长委员会和校长信箱听取意见，对反映的问题及时核实和答复。</li>`)
	}
	w(`<li><strong>考核和责任追究制度。</strong>公开工作纳入年度考核，对不依法履行公开义务、造成不良影响的，依法依规追究责任。</li></ol>`)
	return b.String()
}
