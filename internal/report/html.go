package report

import (
	"html/template"
	"io"
)

// pageTmpl is a standalone page of the report's tables: what the unit's
// 公开年报 column shows until the back office publishes the full text.
var pageTmpl = template.Must(template.New("annual").Parse(`<!DOCTYPE html>
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
{{range .Grids}}
<h2>{{.Section}}</h2>
<div class="wrap"><table>
{{- $lc := .LabelCols}}
{{range .RowsOfCells}}<tr>
{{- range .}}{{if .Num}}<td{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}>{{.Text}}</td>{{else}}<th{{if and (lt .Col $lc) (gt $lc 0)}} class="label" scope="row"{{else}} scope="col"{{end}}{{if gt .RowSpan 1}} rowspan="{{.RowSpan}}"{{end}}{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}>{{.Text}}</th>{{end}}{{end -}}
</tr>
{{end}}</table></div>
{{end}}
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
		Grids []Grid
	}{a, Grids(a)})
}
