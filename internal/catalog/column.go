// Package catalog keeps each unit's disclosure catalog (公开目录): the tree
// of columns (栏目) a unit publishes into, instantiated from a template per
// unit type (county government, department, township/street,
// community/village, school), with an update rule per column that
// supervision reads, the default 体裁分类 of the documents filed there, and
// for townships and street offices the fields of the grassroots standard
// catalog (基层政务公开标准目录, 国办发〔2019〕54号).
//
// Regulation Art. 22–23: every body keeps a 政府信息公开指南 and a
// 政府信息公开目录 and keeps them up to date.
package catalog

import (
	"regexp"
	"strings"
	"time"
)

// Kind is what a column holds.
type Kind string

const (
	KindSection Kind = "section" // groups sub-columns
	KindList    Kind = "list"    // documents
	KindPage    Kind = "page"    // one editable page (公开指南, 公开制度)
	KindLink    Kind = "link"    // another module (年报, 依申请公开)
)

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case KindSection:
		return "栏目组"
	case KindList:
		return "信息列表"
	case KindPage:
		return "单页"
	case KindLink:
		return "链接"
	}
	return string(k)
}

// UpdateRule says how often a column is expected to receive information;
// supervision (一周一更新, stale-column checks) reads it.
type UpdateRule string

const (
	RuleWeekly    UpdateRule = "weekly"
	RuleMonthly   UpdateRule = "monthly"
	RuleQuarterly UpdateRule = "quarterly"
	RuleYearly    UpdateRule = "yearly"
	// RuleOnChange: within 20 working days of the information being formed
	// or changed (Regulation Art. 26).
	RuleOnChange UpdateRule = "on_change"
	RuleNone     UpdateRule = "none"
)

// UpdateRules lists every rule in display order.
func UpdateRules() []UpdateRule {
	return []UpdateRule{RuleWeekly, RuleMonthly, RuleQuarterly, RuleYearly, RuleOnChange, RuleNone}
}

// Label is the rule's Chinese name, as the portal shows it (更新频率).
func (r UpdateRule) Label() string {
	switch r {
	case RuleWeekly:
		return "每周"
	case RuleMonthly:
		return "每月"
	case RuleQuarterly:
		return "每季度"
	case RuleYearly:
		return "每年"
	case RuleOnChange:
		return "信息形成或变更后20个工作日内"
	case RuleNone:
		return "不定期"
	}
	return string(r)
}

// TimeLimit is the rule phrased as a standard-catalog 时限 (a column's 时限
// is its update rule, 国办发〔2019〕54号).
func (r UpdateRule) TimeLimit() string {
	switch r {
	case RuleWeekly:
		return "每周至少更新一次"
	case RuleMonthly:
		return "每月更新，次月10日前公开上月信息"
	case RuleQuarterly:
		return "每季度更新，季度结束后20个工作日内"
	case RuleYearly:
		return "每年更新，按规定时间公开年度信息"
	case RuleOnChange:
		return "信息形成或变更之日起20个工作日内"
	}
	return "依法依规及时公开"
}

// Valid reports whether r is a known rule.
func (r UpdateRule) Valid() bool {
	for _, x := range UpdateRules() {
		if r == x {
			return true
		}
	}
	return false
}

// Genres is the list of 体裁分类 a column may give its documents by default.
func Genres() []string {
	return []string{"规章", "行政规范性文件", "其他文件", "政策解读", "规划计划", "统计信息", "财政预决算",
		"公告公示", "工作动态", "人事信息", "行政执法", "建议提案", "村（居）务公开", "校务公开"}
}

// ValidGenre reports whether g is empty or one of Genres.
func ValidGenre(g string) bool {
	if g == "" {
		return true
	}
	for _, x := range Genres() {
		if g == x {
			return true
		}
	}
	return false
}

// Std holds the grassroots standard catalog fields of a column
// (国办发〔2019〕54号: 公开事项的名称、内容、依据、时限、主体、方式、渠道、公开对象).
type Std struct {
	Item      string `json:"item"`       // 事项名称
	Content   string `json:"content"`    // 公开内容
	Basis     string `json:"basis"`      // 公开依据
	TimeLimit string `json:"time_limit"` // 公开时限
	Subject   string `json:"subject"`    // 公开主体
	Method    string `json:"method"`     // 公开方式
	Channel   string `json:"channel"`    // 公开渠道
	Audience  string `json:"audience"`   // 公开对象
}

// Empty reports whether no field is filled.
func (s Std) Empty() bool { return s == Std{} }

// Column is one column (栏目) of a unit's catalog, a row of catalog_columns.
type Column struct {
	ID         int64      `json:"id"`
	UnitID     int64      `json:"unit_id"`
	ParentID   int64      `json:"parent_id,omitempty"` // 0: a top-level column
	Code       string     `json:"code"`                // template code ("zcwj.gfxwj") or "u<id>"
	Name       string     `json:"name"`
	Kind       Kind       `json:"kind"`
	Statutory  bool       `json:"statutory"`
	Hidden     bool       `json:"hidden"`
	SortOrder  int        `json:"sort_order"`
	UpdateRule UpdateRule `json:"update_rule"`
	Genre      string     `json:"genre"`
	Std        Std        `json:"std"`
	PageBody   string     `json:"page_body,omitempty"` // sanitized HTML, kind page only
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`

	// Filled by Tree and ListColumns, not stored.
	Depth int    `json:"depth"` // 0 for a top-level column
	Path  string `json:"path"`  // "政策文件 › 行政规范性文件" (below the top-level section)
}

var customCode = regexp.MustCompile(`^u[0-9]+$`)

// Custom reports whether the unit added the column (code "u<id>"); only
// such columns may be deleted.
func (c Column) Custom() bool { return customCode.MatchString(c.Code) }

// HasStd reports whether the column carries standard catalog fields.
func (c Column) HasStd() bool { return !c.Std.Empty() }

// KindLabel and RuleLabel are for templates.
func (c Column) KindLabel() string { return c.Kind.Label() }
func (c Column) RuleLabel() string { return c.UpdateRule.Label() }

// PathSep separates the names in Column.Path.
const PathSep = " › "

// displayPath joins the names from the top of the tree down to a column,
// leaving out the top-level section ("法定主动公开内容") that every listed
// column sits under, so that paths read as people say them.
func displayPath(names []string) string {
	if len(names) > 1 {
		names = names[1:]
	}
	return strings.Join(names, PathSep)
}

// Children returns the direct children of parentID (0: top level) among
// cols, in the order given.
func Children(cols []Column, parentID int64) []Column {
	var out []Column
	for _, c := range cols {
		if c.ParentID == parentID {
			out = append(out, c)
		}
	}
	return out
}

// Node is a column with its sub-columns, for rendering the tree.
type Node struct {
	Column
	Children []*Node
}

// Nest turns a tree-ordered list (Tree's result) into nodes. Columns whose
// parent is missing from cols (a hidden parent) are left out.
func Nest(cols []Column) []*Node {
	byID := map[int64]*Node{}
	var roots []*Node
	for _, c := range cols {
		n := &Node{Column: c}
		byID[c.ID] = n
		if c.ParentID == 0 {
			roots = append(roots, n)
		} else if p, ok := byID[c.ParentID]; ok {
			p.Children = append(p.Children, n)
		}
	}
	return roots
}
