package demo

import (
	"fmt"
	"strings"

	"gongkai/internal/org"
)

// The demo county is fictional: 青山县 and its townships, roads, villages and
// schools do not exist. Contact details use the reserved .example domain.
const (
	mailDomain  = "qingshan.example"
	areaCode    = "0798"
	officeHours = "工作日 8:30-12:00 14:30-17:30"
)

// demoUnit is one unit of the demo county. Slug names its mailbox and, for
// units with accounts, the prefix of their logins.
type demoUnit struct {
	code, name string
	typ        org.Type
	parent     string
	slug       string
	address    string
	hours      string // "" = officeHours
	desc       string // "" = generated
}

// Unit codes: QS000 the county government, QS001.. its departments, QST01..
// townships and street offices, QSC.. communities, QSV.. villages, QSS..
// schools.
const (
	codeGov       = "QS000"
	codeGovOffice = "QS001"
	codeEducation = "QS003"
	codeCivil     = "QS005"
	codeQingshi   = "QST01"
)

var countyUnits = []demoUnit{
	{code: codeGov, name: "青山县人民政府", typ: org.TypeCountyGovernment, slug: "gov", address: "青山县府前街1号",
		desc: "青山县人民政府是县级国家行政机关，执行县人民代表大会及其常务委员会的决议，管理全县经济、社会和各项行政事务。"},

	{code: codeGovOffice, name: "青山县人民政府办公室", typ: org.TypeDepartment, parent: codeGov, slug: "zfb", address: "青山县府前街1号",
		desc: "负责县政府日常运转、文电会务、督查督办和政务信息工作；县政务公开办公室设在本单位，负责全县政务公开的组织协调、指导监督和考核评议。"},
	{code: "QS002", name: "青山县发展和改革局", typ: org.TypeDepartment, parent: codeGov, slug: "fgj", address: "青山县行政中心1号楼",
		desc: "拟订并组织实施全县国民经济和社会发展规划，统筹重大项目建设，承担价格管理和粮食物资储备工作。"},
	{code: codeEducation, name: "青山县教育局", typ: org.TypeDepartment, parent: codeGov, slug: "edu", address: "青山县文昌路18号",
		desc: "主管全县各级各类教育，负责学前教育、义务教育、高中阶段教育和职业教育的统筹规划与督导，组织实施招生考试和学生资助。"},
	{code: "QS004", name: "青山县公安局", typ: org.TypeDepartment, parent: codeGov, slug: "gaj", address: "青山县迎宾路66号",
		hours: "工作日 8:30-12:00 14:30-17:30（110 报警电话 24 小时受理）",
		desc:  "负责全县社会治安管理、刑事案件侦查、户籍和出入境管理、道路交通安全管理等工作。"},
	{code: codeCivil, name: "青山县民政局", typ: org.TypeDepartment, parent: codeGov, slug: "mz", address: "青山县行政中心2号楼",
		desc: "负责社会救助、养老服务、儿童福利、婚姻登记、殡葬管理、社会组织登记和区划地名管理等工作。"},
	{code: "QS006", name: "青山县司法局", typ: org.TypeDepartment, parent: codeGov, slug: "sfj", address: "青山县建设路25号",
		desc: "负责全面依法治县的统筹协调、行政复议、法治宣传、人民调解、公共法律服务和社区矫正等工作。"},
	{code: "QS007", name: "青山县财政局", typ: org.TypeDepartment, parent: codeGov, slug: "czj", address: "青山县行政中心1号楼",
		desc: "负责全县财政收支管理、预决算编制、国有资产管理、政府采购监督管理和财政资金绩效评价。"},
	{code: "QS008", name: "青山县人力资源和社会保障局", typ: org.TypeDepartment, parent: codeGov, slug: "rsj", address: "青山县长青路9号",
		desc: "负责就业创业、社会保险、劳动关系、人事人才和职业技能培训等工作，受理劳动保障监察投诉。"},
	{code: "QS009", name: "青山县自然资源和规划局", typ: org.TypeDepartment, parent: codeGov, slug: "zrj", address: "青山县滨江路32号",
		desc: "负责国土空间规划、自然资源调查确权登记、耕地保护、土地征收和不动产登记等工作。"},
	{code: "QS010", name: "青山县生态环境分局", typ: org.TypeDepartment, parent: codeGov, slug: "sthj", address: "青山县滨江路36号",
		desc: "负责全县生态环境监督管理、污染防治、环境影响评价审批和生态环境执法等工作。"},
	{code: "QS011", name: "青山县住房和城乡建设局", typ: org.TypeDepartment, parent: codeGov, slug: "zjj", address: "青山县建设路8号",
		desc: "负责住房保障、房地产市场监管、建筑业管理、城乡建设规划实施和农村危房改造等工作。"},
	{code: "QS012", name: "青山县交通运输局", typ: org.TypeDepartment, parent: codeGov, slug: "jtj", address: "青山县迎宾路12号",
		desc: "负责全县公路、水路交通建设与养护，道路运输和城乡客运管理，交通运输行政执法。"},
	{code: "QS013", name: "青山县水利局", typ: org.TypeDepartment, parent: codeGov, slug: "slj", address: "青山县滨江路50号",
		desc: "负责水资源管理、水利工程建设与运行、河湖长制日常工作、水土保持和防汛抗旱技术支撑。"},
	{code: "QS014", name: "青山县农业农村局", typ: org.TypeDepartment, parent: codeGov, slug: "nyj", address: "青山县松风路20号",
		desc: "负责农业产业发展、耕地质量建设、农产品质量安全、农村改革和惠农补贴发放等工作。"},
	{code: "QS015", name: "青山县商务局", typ: org.TypeDepartment, parent: codeGov, slug: "swj", address: "青山县行政中心3号楼",
		desc: "负责内外贸易、招商引资、电子商务进农村、市场运行监测和商贸流通体系建设。"},
	{code: "QS016", name: "青山县文化广电旅游体育局", typ: org.TypeDepartment, parent: codeGov, slug: "wlj", address: "青山县文昌路2号",
		desc: "负责公共文化服务、文物保护、广播电视管理、旅游资源开发和全民健身工作。"},
	{code: "QS017", name: "青山县卫生健康局", typ: org.TypeDepartment, parent: codeGov, slug: "wjj", address: "青山县长青路41号",
		desc: "负责医疗卫生服务体系建设、疾病预防控制、基层卫生、妇幼健康和爱国卫生运动等工作。"},
	{code: "QS018", name: "青山县退役军人事务局", typ: org.TypeDepartment, parent: codeGov, slug: "tyjr", address: "青山县建设路30号",
		desc: "负责退役军人移交安置、就业创业扶持、优抚褒扬和权益维护等工作。"},
	{code: "QS019", name: "青山县应急管理局", typ: org.TypeDepartment, parent: codeGov, slug: "yjj", address: "青山县迎宾路70号",
		desc: "负责安全生产综合监督管理、应急预案体系建设、自然灾害防治和救灾物资储备调度。"},
	{code: "QS020", name: "青山县审计局", typ: org.TypeDepartment, parent: codeGov, slug: "sjj", address: "青山县行政中心2号楼",
		desc: "依法对本级财政预算执行、部门预算、政府投资项目和领导干部经济责任进行审计监督。"},
	{code: "QS021", name: "青山县市场监督管理局", typ: org.TypeDepartment, parent: codeGov, slug: "scjg", address: "青山县振兴路15号",
		desc: "负责市场主体登记、食品药品安全监管、产品质量监督、知识产权保护和消费者权益保护。"},
	{code: "QS022", name: "青山县统计局", typ: org.TypeDepartment, parent: codeGov, slug: "tjj", address: "青山县行政中心3号楼",
		desc: "负责全县统计调查、统计数据发布、国民经济核算和统计执法检查。"},
	{code: "QS023", name: "青山县医疗保障局", typ: org.TypeDepartment, parent: codeGov, slug: "ybj", address: "青山县长青路45号",
		desc: "负责城乡居民和职工医疗保险、医疗救助、医保基金监管和药品耗材招采政策落实。"},
	{code: "QS024", name: "青山县林业局", typ: org.TypeDepartment, parent: codeGov, slug: "lyj", address: "青山县松风路8号",
		desc: "负责森林资源保护与培育、林长制日常工作、森林防火、林木采伐审批和野生动植物保护。"},
	{code: "QS025", name: "青山县城市管理局", typ: org.TypeDepartment, parent: codeGov, slug: "cgj", address: "青山县翠湖路3号",
		desc: "负责市容环境卫生、市政设施维护、城市管理综合执法和生活垃圾分类工作。"},
	{code: "QS026", name: "青山县行政审批局（县政务服务中心）", typ: org.TypeDepartment, parent: codeGov, slug: "spj", address: "青山县青山大道88号",
		hours: "工作日 8:30-12:00 14:30-17:30，周六 9:00-12:00 延时服务",
		desc:  "集中办理全县行政许可事项，运行县政务服务中心和 12345 政务服务便民热线，推进“一网通办”和“最多跑一次”。"},
	{code: "QS027", name: "青山县信访局", typ: org.TypeDepartment, parent: codeGov, slug: "xfj", address: "青山县府前街5号",
		desc: "受理群众来信来访和网上信访事项，协调处理重要信访问题，督促检查信访事项办理。"},
	{code: "QS028", name: "青山县乡村振兴局", typ: org.TypeDepartment, parent: codeGov, slug: "xczx", address: "青山县松风路22号",
		desc: "负责巩固拓展脱贫攻坚成果、防止返贫动态监测帮扶、乡村振兴重点项目和东西部协作工作。"},

	{code: codeQingshi, name: "青石镇人民政府", typ: org.TypeTownship, parent: codeGov, slug: "qs", address: "青山县青石镇青石街1号"},
	{code: "QST02", name: "云溪镇人民政府", typ: org.TypeTownship, parent: codeGov, slug: "yx", address: "青山县云溪镇云溪路18号"},
	{code: "QST03", name: "白沙镇人民政府", typ: org.TypeTownship, parent: codeGov, slug: "bs", address: "青山县白沙镇沙洲路6号"},
	{code: "QST04", name: "松岭乡人民政府", typ: org.TypeTownship, parent: codeGov, slug: "sl", address: "青山县松岭乡岭下街3号"},
	{code: "QST05", name: "桃源乡人民政府", typ: org.TypeTownship, parent: codeGov, slug: "ty", address: "青山县桃源乡桃花路9号"},
	{code: "QST06", name: "东城街道办事处", typ: org.TypeStreet, parent: codeGov, slug: "dc", address: "青山县东城街道翠竹路12号"},
	{code: "QST07", name: "西城街道办事处", typ: org.TypeStreet, parent: codeGov, slug: "xc", address: "青山县西城街道迎宾路101号"},
	{code: "QST08", name: "南湖街道办事处", typ: org.TypeStreet, parent: codeGov, slug: "nh", address: "青山县南湖街道湖滨路7号"},

	{code: "QSC01", name: "翠竹社区居民委员会", typ: org.TypeCommunity, parent: "QST06", address: "青山县东城街道翠竹路40号"},
	{code: "QSC02", name: "文昌社区居民委员会", typ: org.TypeCommunity, parent: "QST06", address: "青山县东城街道文昌路66号"},
	{code: "QSC03", name: "迎宾社区居民委员会", typ: org.TypeCommunity, parent: "QST07", address: "青山县西城街道迎宾路150号"},
	{code: "QSC04", name: "松风社区居民委员会", typ: org.TypeCommunity, parent: "QST07", address: "青山县西城街道松风路88号"},
	{code: "QSC05", name: "湖滨社区居民委员会", typ: org.TypeCommunity, parent: "QST08", address: "青山县南湖街道湖滨路35号"},
	{code: "QSC06", name: "荷塘社区居民委员会", typ: org.TypeCommunity, parent: "QST08", address: "青山县南湖街道荷塘路2号"},

	{code: "QSV01", name: "溪口村村民委员会", typ: org.TypeVillage, parent: codeQingshi, address: "青山县青石镇溪口村"},
	{code: "QSV02", name: "石门村村民委员会", typ: org.TypeVillage, parent: codeQingshi, address: "青山县青石镇石门村"},
	{code: "QSV03", name: "上坪村村民委员会", typ: org.TypeVillage, parent: "QST02", address: "青山县云溪镇上坪村"},
	{code: "QSV04", name: "竹林村村民委员会", typ: org.TypeVillage, parent: "QST02", address: "青山县云溪镇竹林村"},
	{code: "QSV05", name: "沙洲村村民委员会", typ: org.TypeVillage, parent: "QST03", address: "青山县白沙镇沙洲村"},
	{code: "QSV06", name: "岭下村村民委员会", typ: org.TypeVillage, parent: "QST04", address: "青山县松岭乡岭下村"},
	{code: "QSV07", name: "桃花村村民委员会", typ: org.TypeVillage, parent: "QST05", address: "青山县桃源乡桃花村"},

	{code: "QSS01", name: "青山县第一中学", typ: org.TypeSchool, parent: codeEducation, slug: "yz", address: "青山县文昌路100号",
		desc: "县属公办完全中学，设初中部和高中部，是县内规模最大的普通高中。"},
	{code: "QSS02", name: "青山县实验小学", typ: org.TypeSchool, parent: codeEducation, slug: "sx", address: "青山县翠竹路28号",
		desc: "县属公办小学，实行划片招生，开设课后服务和兴趣社团。"},
	{code: "QSS03", name: "青山县职业技术学校", typ: org.TypeSchool, parent: codeEducation, slug: "zz", address: "青山县振兴路60号",
		desc: "县属公办中等职业学校，开设现代农业、机电技术、电子商务和护理等专业，实行校企合作。"},
}

var villageIndustries = []string{"茶叶", "水稻", "油茶", "毛竹", "柑橘", "生猪养殖", "蔬菜", "中药材", "乡村旅游", "淡水养殖"}

// loadUnits creates the county's units, parents first.
func loadUnits(e *Env) error {
	phones := map[string]bool{}
	for i, du := range countyUnits {
		in := org.Input{
			Code: du.code, Name: du.name, Type: du.typ, ParentCode: du.parent, SortOrder: (i + 1) * 10,
			Address: du.address, Phone: e.uniquePhone(phones), OfficeHours: du.hours, Description: du.desc,
		}
		if in.OfficeHours == "" {
			in.OfficeHours = officeHours
		}
		if du.slug != "" {
			in.Email = du.slug + "@" + mailDomain
		}
		if du.code == codeGov {
			in.Website = "https://www." + mailDomain
		}
		if in.Description == "" {
			in.Description = e.describe(du)
		}
		u, err := e.Orgs.Create(e.Ctx, actor, in)
		if err != nil {
			return fmt.Errorf("unit %s: %w", du.code, err)
		}
		e.Units = append(e.Units, u)
		e.ByCode[u.Code] = u
	}
	e.Printf("单位：已创建 %d 个 (units: %d created)", len(e.Units), len(e.Units))
	return nil
}

// uniquePhone draws a landline number not used before.
func (e *Env) uniquePhone(used map[string]bool) string {
	for {
		p := fmt.Sprintf("%s-6%07d", areaCode, e.Rand.IntN(10_000_000))
		if !used[p] {
			used[p] = true
			return p
		}
	}
}

// describe writes a short description for a township, street, community or
// village.
func (e *Env) describe(du demoUnit) string {
	r := e.Rand
	switch du.typ {
	case org.TypeTownship:
		a, b := pickTwo(r, villageIndustries)
		return fmt.Sprintf("%s位于青山县%s，辖 %d 个行政村，户籍人口约 %d 人，主要产业为%s和%s。",
			strings.TrimSuffix(du.name, "人民政府"), pick(r, []string{"东部", "西部", "南部", "北部", "中部"}),
			8+r.IntN(12), 12000+r.IntN(30000), a, b)
	case org.TypeStreet:
		return fmt.Sprintf("%s是青山县城区街道，辖 %d 个社区，常住人口约 %d 人，负责辖区公共服务、社会治理和社区建设。",
			du.name, 4+r.IntN(6), 30000+r.IntN(40000))
	case org.TypeCommunity:
		return fmt.Sprintf("城市社区，辖区面积约 %.1f 平方公里，常住居民约 %d 户，设有党群服务中心和居家养老服务站。",
			0.5+float64(r.IntN(30))/10, 1500+r.IntN(4000))
	case org.TypeVillage:
		return fmt.Sprintf("行政村，下设 %d 个村民小组，户籍人口约 %d 人，主要产业为%s。",
			4+r.IntN(10), 800+r.IntN(2500), pick(r, villageIndustries))
	}
	return du.name
}
