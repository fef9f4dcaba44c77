package report

import (
	"html/template"
	"io"
)

// pageTmpl is a standalone page of the report's tables: what the unit's
// 公开年报 column shows until the back office publishes the full text.
var pageTmpl = template.Must(template.New("annual").Funcs(template.FuncMap{"paras": Paragraphs}).Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.A.Title}}</title>
<style>
body { font-family: "Source Han Serif SC", "Noto Serif CJK SC", SimSun, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.6; }
h1 { font-size: 1.5rem; text-align: center; font-weight: bold; }
h2 { font-size: 1.1rem; margin-top: 2rem; font-family: SimHei, "Noto Sans CJK SC", sans-serif; }
p.scope { text-align: center; color: #444; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #333; padding: .3rem .4rem; }
th { font-weight: normal; background: #f4f4f4; text-align: center; }
th.label { text-align: left; }
td { text-align: center; font-variant-numeric: tabular-nums; }
.checks { margin-top: 2rem; padding: .8rem 1rem; border: 2px solid #b00; background: #fff5f5; }
.checks.ok { border-color: #2a7; background: #f3fbf6; }
.checks li { margin: .3rem 0; }
.checks ul ul { font-size: .9rem; }
@media print { .checks.ok { display: none; } body { margin: 0; } }
</style>
</head>
<body>
<h1>{{.A.Title}}</h1>
{{if .A.IncludeSubunits}}<p class="scope">（含下级单位）</p>{{end}}
{{with .T}}<h2>一、总体情况</h2>
{{range paras .Overview}}<p>{{.}}</p>
{{end}}{{end}}
{{range .Grids}}
<h2>{{.Section}}</h2>
<div class="wrap"><table>
{{- $lc := .LabelCols}}
{{range .RowsOfCells}}<tr>
{{- range .}}{{if .Num}}<td{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}>{{.Text}}</td>{{else}}<th{{if and (lt .Col $lc) (gt $lc 0)}} class="label" scope="row"{{else}} scope="col"{{end}}{{if gt .RowSpan 1}} rowspan="{{.RowSpan}}"{{end}}{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}>{{.Text}}</th>{{end}}{{end -}}
</tr>
{{end}}</table></div>
{{end}}
{{with .T}}<h2>五、存在的主要问题及改进情况</h2>
{{range paras .Problems}}<p>{{.}}</p>
{{end}}<h2>六、其他需要报告的事项</h2>
{{range paras .Other}}<p>{{.}}</p>
{{end}}{{end}}
{{if .A.OK}}<div class="checks ok">表中数据已通过核对：各列“本年新收 + 上年结转 = 总计 + 结转下年度”，各项合计与总计相符。</div>
{{else}}<div class="checks"><strong>数据核对未通过，不能发布：</strong>
<ul>{{range .A.Failures}}<li>{{.Check}}：{{.Where}}{{if ne .Left .Right}}（{{.Left}} ≠ {{.Right}}）{{end}}
{{if .Records}}<ul>{{range .Records}}<li>{{.RegNo}}（{{.Unit}}）：{{.Problem}}</li>{{end}}</ul>{{end}}</li>
{{end}}</ul></div>
{{end}}
</body>
</html>
`))

// WriteHTML writes a standalone HTML page of the report's tables and the
// checks' result.
func WriteHTML(w io.Writer, a *Annual) error {
	return pageTmpl.Execute(w, struct {
		A     *Annual
		T     *Texts
		Grids []Grid
	}{a, nil, Grids(a)})
}

// WriteHTMLFull writes the standalone page of the whole report, sections 一
// to 六, with the checks' result.
func WriteHTMLFull(w io.Writer, f *Full) error {
	return pageTmpl.Execute(w, struct {
		A     *Annual
		T     *Texts
		Grids []Grid
	}{f.Annual, &f.Texts, Grids(f.Annual)})
}

// fragmentTmpl is the report as the body of a document of the 公开年报
// column: sections 一 to 六, the tables as the official format has them
// (the tags and attributes the document sanitizer keeps).
var fragmentTmpl = template.Must(template.New("fragment").Funcs(template.FuncMap{"paras": Paragraphs}).Parse(
	`<h2>一、总体情况</h2>
{{range paras .T.Overview}}<p>{{.}}</p>
{{end}}{{range .Grids}}<h2>{{.Section}}</h2>
<table>
{{- $lc := .LabelCols}}
{{range .RowsOfCells}}<tr>
{{- range .}}{{if .Num}}<td{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}>{{.Text}}</td>{{else}}<th{{if and (lt .Col $lc) (gt $lc 0)}} scope="row"{{else}} scope="col"{{end}}{{if gt .RowSpan 1}} rowspan="{{.RowSpan}}"{{end}}{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}>{{.Text}}</th>{{end}}{{end -}}
</tr>
{{end}}</table>
{{end}}<h2>五、存在的主要问题及改进情况</h2>
{{range paras .T.Problems}}<p>{{.}}</p>
{{end}}<h2>六、其他需要报告的事项</h2>
{{range paras .T.Other}}<p>{{.}}</p>
{{end}}`))

// WriteFragment writes the report's sections 一 to 六 as an HTML fragment:
// the body of the document published in the unit's 公开年报 column and the
// back office's preview.
func WriteFragment(w io.Writer, f *Full) error {
	return fragmentTmpl.Execute(w, struct {
		T     Texts
		Grids []Grid
	}{f.Texts, Grids(f.Annual)})
}
