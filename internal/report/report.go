// Package report builds the annual report on government information
// disclosure (政府信息公开工作年度报告) in the official format of
// 国办公开办函〔2021〕30号: section 二 from published documents and the
// figures a unit enters, section 三 from the applications, section 四 from
// the review and litigation cases, with the arithmetic the format implies
// checked and the records behind a failed check named.
//
// The tables are plain values (Annual); Check and the renderers (JSON,
// XLSX, HTML) are pure functions of them. Only Service touches the
// database.
package report

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/request"
)

// Rows of section 三 that are not outcomes (the outcomes are written as
// request.Outcome, e.g. "不予公开/属于国家秘密").
const (
	RowNew        = "本年新收"  // 一、本年新收政府信息公开申请数量
	RowCarriedIn  = "上年结转"  // 二、上年结转政府信息公开申请数量
	RowTotal      = "总计"    // 三、（七）总计
	RowCarriedOut = "结转下年度" // 四、结转下年度继续办理
)

// ColTotal is the 总计 column of section 三.
const ColTotal = "总计"

// Columns are section 三's columns in the official order: the applicant
// types' labels, then 总计.
func Columns() []string {
	var cols []string
	for _, t := range request.ApplicantTypes() {
		cols = append(cols, t.Label())
	}
	return append(cols, ColTotal)
}

// Rows are section 三's row codes in the official order.
func Rows() []string {
	rows := []string{RowNew, RowCarriedIn}
	for _, o := range request.Outcomes() {
		rows = append(rows, string(o))
	}
	return append(rows, RowTotal, RowCarriedOut)
}

// Table is a table of counts: row → column → n. Every row and column of
// the format is present, zero or not.
type Table map[string]map[string]int

func newTable(rows, cols []string) Table {
	t := Table{}
	for _, r := range rows {
		t[r] = map[string]int{}
		for _, c := range cols {
			t[r][c] = 0
		}
	}
	return t
}

// Section 四's groups and columns.
const (
	AppealReview           = "行政复议"
	AppealLitigationDirect = "行政诉讼/未经复议直接起诉"
	AppealLitigationAfter  = "行政诉讼/复议后起诉"

	ColUpheld    = "结果维持"
	ColCorrected = "结果纠正"
	ColOther     = "其他结果"
	ColPending   = "尚未审结"
)

// AppealGroups are section 四's groups in the official order.
func AppealGroups() []string {
	return []string{AppealReview, AppealLitigationDirect, AppealLitigationAfter}
}

// AppealColumns are the columns of each group of section 四.
func AppealColumns() []string {
	return []string{ColUpheld, ColCorrected, ColOther, ColPending, ColTotal}
}

var appealGroupOf = map[request.AppealKind]string{
	request.AppealReview:                AppealReview,
	request.AppealLitigationDirect:      AppealLitigationDirect,
	request.AppealLitigationAfterReview: AppealLitigationAfter,
}

var appealColumnOf = map[request.AppealResult]string{
	request.AppealUpheld: ColUpheld, request.AppealCorrected: ColCorrected,
	request.AppealOther: ColOther, request.AppealPending: ColPending,
}

// Section 二's rows and columns.
const (
	ProRules       = "规章"
	ProNormative   = "行政规范性文件"
	ProLicensing   = "行政许可"
	ProPenalties   = "行政处罚"
	ProCoercion    = "行政强制"
	ProFees        = "行政事业性收费"
	ColMade        = "本年制发件数"
	ColRepealed    = "本年废止件数"
	ColInForce     = "现行有效件数"
	ColDecisions   = "本年处理决定数量"
	ColFeesAmount  = "本年收费金额（单位：万元）"
	genreRules     = "规章"
	genreNormative = "行政规范性文件"
)

// DocCounts are the 第二十条第（一）项 figures of one genre.
type DocCounts struct {
	Made     int // 本年制发件数
	Repealed int // 本年废止件数
	InForce  int // 现行有效件数
}

// Figures are what a unit enters for section 二: they are not in the
// system's records.
type Figures struct {
	Licensing int   `json:"licensing"`  // 行政许可 本年处理决定数量
	Penalties int   `json:"penalties"`  // 行政处罚 本年处理决定数量
	Coercion  int   `json:"coercion"`   // 行政强制 本年处理决定数量
	FeesCents int64 `json:"fees_cents"` // 行政事业性收费 本年收费金额, in 分
}

// Proactive is section 二.
type Proactive struct {
	Rules     DocCounts // 规章
	Normative DocCounts // 行政规范性文件
	Figures
}

// Wan writes an amount in 分 as 万元 (1 万元 = 1,000,000 分), exactly, without
// trailing zeros: 123456789 → "123.456789", 50000000 → "50".
func Wan(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := strconv.FormatInt(cents/1_000_000, 10)
	if frac := cents % 1_000_000; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ParseWan reads an amount in 万元 ("12.35", "96171.6") as 分; at most six
// decimals (one 分).
func ParseWan(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 6 || strings.HasPrefix(whole, "-") || strings.HasPrefix(whole, "+") {
		return 0, fmt.Errorf("金额“%s”应为不小于 0 的数，单位万元，最多六位小数", s)
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e9 {
		return 0, fmt.Errorf("金额“%s”应为不小于 0 的数，单位万元，最多六位小数", s)
	}
	var f int64
	if frac != "" {
		f, err = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("金额“%s”应为不小于 0 的数，单位万元，最多六位小数", s)
		}
	}
	return w*1_000_000 + f, nil
}

// Record is an application behind a failed check, and what is wrong with it.
type Record struct {
	RequestID int64  `json:"request_id"` // for a link to the application's page
	RegNo     string `json:"reg_no"`
	Unit      string `json:"unit"`
	Column    string `json:"column"` // its applicant column (or the stored type when unknown)
	Problem   string `json:"problem"`
	// kind says which checks it can break: "dates", "outcome", "type", "state".
	kind string
}

// Failure is a check that does not hold.
type Failure struct {
	Check   string   `json:"check"`   // the rule, in Chinese
	Where   string   `json:"where"`   // the row and column, in Chinese
	Left    int      `json:"left"`    // the two sides that should be equal
	Right   int      `json:"right"`   //
	Records []Record `json:"records"` // the applications that cause the difference, when known
	// kind is the kind of record that can break the check (Record.kind);
	// column the section 三 column it is about ("" for a row or group).
	kind, column string
}

func (f Failure) String() string {
	s := fmt.Sprintf("%s：%s（%d ≠ %d）", f.Check, f.Where, f.Left, f.Right)
	if f.kind == "state" {
		s = fmt.Sprintf("%s：%s", f.Check, f.Where)
	}
	for _, r := range f.Records {
		s += fmt.Sprintf("\n  %s（%s）：%s", r.RegNo, r.Unit, r.Problem)
	}
	return s
}

// Annual is one unit's annual report for a year: the tables of sections
// 二, 三 and 四, and the failed checks.
type Annual struct {
	Year            int
	UnitCode        string
	UnitName        string
	IncludeSubunits bool
	Requests        Table     // section 三: Rows() × Columns()
	Appeals         Table     // section 四: AppealGroups() × AppealColumns()
	Proactive       Proactive // section 二
	Failures        []Failure
}

// OK reports whether every check holds.
func (a *Annual) OK() bool { return len(a.Failures) == 0 }

// MarshalJSON writes {"year", "unit", "requests", "appeals", "proactive"}
// (the command's JSON format; the checks are reported beside it).
func (a *Annual) MarshalJSON() ([]byte, error) {
	doc := func(d DocCounts) map[string]int {
		return map[string]int{ColMade: d.Made, ColRepealed: d.Repealed, ColInForce: d.InForce}
	}
	p := a.Proactive
	return json.Marshal(struct {
		Year      int            `json:"year"`
		Unit      string         `json:"unit"`
		Requests  Table          `json:"requests"`
		Appeals   Table          `json:"appeals"`
		Proactive map[string]any `json:"proactive"`
	}{a.Year, a.UnitCode, a.Requests, a.Appeals, map[string]any{
		ProRules:     doc(p.Rules),
		ProNormative: doc(p.Normative),
		ProLicensing: map[string]int{ColDecisions: p.Licensing},
		ProPenalties: map[string]int{ColDecisions: p.Penalties},
		ProCoercion:  map[string]int{ColDecisions: p.Coercion},
		ProFees:      map[string]json.Number{ColFeesAmount: json.Number(Wan(p.FeesCents))},
	}})
}

// Check applies the rules of the format (国办公开办函〔2021〕30号; RULES.md)
// to the tables and returns what fails, without records:
//  1. section 三, every column: 本年新收 + 上年结转 = 总计 + 结转下年度 (the
//     header note "第一项加第二项之和，等于第三项加第四项之和");
//  2. section 三, every column: 总计 = the sum of the outcome rows;
//  3. section 三, every row: 总计 column = the sum of the applicant columns;
//  4. section 四, every group: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
func Check(a *Annual) []Failure {
	var out []Failure
	cols := Columns()
	r := a.Requests
	for _, c := range cols {
		if l, rt := r[RowNew][c]+r[RowCarriedIn][c], r[RowTotal][c]+r[RowCarriedOut][c]; l != rt {
			out = append(out, Failure{Check: "本年新收 + 上年结转 = 总计 + 结转下年度", Where: "“" + c + "”列", Left: l, Right: rt,
				kind: "dates", column: c})
		}
	}
	for _, c := range cols {
		sum := 0
		for _, o := range request.Outcomes() {
			sum += r[string(o)][c]
		}
		if r[RowTotal][c] != sum {
			out = append(out, Failure{Check: "总计 = 各项办理结果之和", Where: "“" + c + "”列", Left: r[RowTotal][c], Right: sum,
				kind: "outcome", column: c})
		}
	}
	for _, row := range Rows() {
		sum := 0
		for _, c := range cols[:len(cols)-1] {
			sum += r[row][c]
		}
		if r[row][ColTotal] != sum {
			out = append(out, Failure{Check: "总计列 = 各类申请人之和", Where: "“" + row + "”行", Left: r[row][ColTotal], Right: sum,
				kind: "type"})
		}
	}
	for _, g := range AppealGroups() {
		sum := 0
		for _, c := range AppealColumns()[:4] {
			sum += a.Appeals[g][c]
		}
		if a.Appeals[g][ColTotal] != sum {
			out = append(out, Failure{Check: "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", Where: "“" + g + "”", Left: a.Appeals[g][ColTotal], Right: sum})
		}
	}
	return out
}
