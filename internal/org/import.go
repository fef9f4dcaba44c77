package org

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"gongkai/internal/audit"
	"gongkai/internal/store"
	"gongkai/internal/tabular"
	"gongkai/internal/valid"
)

// ImportRow is one unit read from an import file; Line is its 1-based line
// (the header is line 1).
type ImportRow struct {
	Line       int
	Code       string
	Name       string
	Type       string
	ParentCode string
}

// Import header columns, in the official order; English names are accepted too.
var importHeader = []struct{ zh, en string }{
	{"单位编码", "code"}, {"单位名称", "name"}, {"单位类型", "type"}, {"上级单位编码", "parent"},
}

// maxImportRows bounds an import file; a county has hundreds of units, a
// province tens of thousands.
const maxImportRows = 100000

// ParseCSV reads a unit import file in CSV: UTF-8 (with or without BOM) or
// GB18030/GBK as Excel saves it on Chinese Windows. Every problem is
// reported with its line.
func ParseCSV(r io.Reader) ([]ImportRow, error) {
	records, lines, err := tabular.ReadCSV(r, importLimits)
	if err != nil {
		return nil, err
	}
	return rowsFrom(records, lines)
}

var importLimits = tabular.Options{MaxBytes: 64 << 20, MaxRows: maxImportRows + 1, TrimLeadingSpace: true}

// ParseXLSX reads a unit import file from the first sheet of an XLSX workbook.
func ParseXLSX(r io.Reader) ([]ImportRow, error) {
	records, lines, err := tabular.ReadXLSX(r, importLimits, false)
	if err != nil {
		return nil, err
	}
	return rowsFrom(records, lines)
}

// rowsFrom maps records to rows by the header in the first record.
func rowsFrom(records [][]string, lines []int) ([]ImportRow, error) {
	e := &valid.Errors{}
	if len(records) == 0 {
		return nil, valid.New("文件", "文件是空的；第一行应为表头：单位编码,单位名称,单位类型,上级单位编码")
	}
	col := map[string]int{}
	for i, h := range records[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for _, ih := range importHeader {
			if h == ih.zh || strings.EqualFold(h, ih.en) {
				col[ih.zh] = i
			}
		}
	}
	for _, ih := range importHeader {
		if _, ok := col[ih.zh]; !ok {
			e.AddLine(lines[0], ih.zh, "表头缺少这一列；表头应为：单位编码,单位名称,单位类型,上级单位编码")
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	cell := func(rec []string, name string) string {
		i := col[name]
		if i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []ImportRow
	for k, rec := range records[1:] {
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // blank line
		}
		rows = append(rows, ImportRow{
			Line: lines[k+1], Code: cell(rec, "单位编码"), Name: cell(rec, "单位名称"),
			Type: cell(rec, "单位类型"), ParentCode: cell(rec, "上级单位编码"),
		})
	}
	if len(rows) == 0 {
		return nil, valid.New("文件", "表头之后没有数据行")
	}
	return rows, nil
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created   int
	Unchanged int // already present with the same name, type and parent
}

// Import adds the units in rows in one transaction. A row's parent may be an
// existing unit or another row, in any order. If any row is bad, every bad
// row is reported (with its line) and nothing is written. A row whose code
// exists with the same name, type and parent is skipped, so re-running an
// import is harmless.
func (s *Service) Import(ctx context.Context, actor audit.Actor, rows []ImportRow) (ImportResult, error) {
	var res ImportResult
	existing, err := s.List(ctx, Filter{IncludeInactive: true})
	if err != nil {
		return res, err
	}
	byCode := map[string]Unit{}
	for _, u := range existing {
		byCode[u.Code] = u
	}
	e := &valid.Errors{}
	inFile := map[string]ImportRow{}
	var todo []ImportRow
	for _, r := range rows {
		in := Input{Code: r.Code, Name: r.Name, Type: Type(r.Type), ParentCode: r.ParentCode}
		in.normalize()
		fe := &valid.Errors{}
		in.check(fe)
		for _, p := range fe.Problems {
			e.AddLine(r.Line, importField(p.Field), p.Message)
		}
		if fe.Has("code") {
			continue
		}
		if prev, dup := inFile[in.Code]; dup {
			e.AddLine(r.Line, "单位编码", fmt.Sprintf("单位编码“%s”与第 %d 行重复", in.Code, prev.Line))
			continue
		}
		r.Code, r.Name, r.Type, r.ParentCode = in.Code, in.Name, string(in.Type), in.ParentCode
		inFile[in.Code] = r
		if old, ok := byCode[in.Code]; ok {
			if old.Name == in.Name && old.Type == in.Type && old.ParentCode == in.ParentCode {
				res.Unchanged++
				continue
			}
			e.AddLine(r.Line, "单位编码", fmt.Sprintf("单位编码“%s”已存在（%s），且名称、类型或上级单位与本行不同", in.Code, old.Name))
			continue
		}
		if r.ParentCode == r.Code {
			e.AddLine(r.Line, "上级单位编码", "上级单位不能是自己")
			continue
		}
		todo = append(todo, r)
	}
	// Parents must exist, be active, and the rows must not form a cycle.
	for _, r := range todo {
		if r.ParentCode == "" {
			continue
		}
		if p, ok := byCode[r.ParentCode]; ok {
			if !p.Active {
				e.AddLine(r.Line, "上级单位编码", fmt.Sprintf("上级单位“%s”已停用", p.Name))
			}
			continue
		}
		if _, ok := inFile[r.ParentCode]; !ok {
			e.AddLine(r.Line, "上级单位编码", fmt.Sprintf("上级单位编码“%s”既不在系统中，也不在本文件中", r.ParentCode))
		}
	}
	ordered, cyc := parentsFirst(todo, byCode)
	for _, r := range cyc {
		e.AddLine(r.Line, "上级单位编码", "上级单位关系形成了循环")
	}
	if err := e.Err(); err != nil {
		sortProblems(e)
		return ImportResult{}, err
	}
	err = s.tx(ctx, func(tx *store.Tx) error {
		for _, r := range ordered {
			if _, err := create(ctx, tx, actor, Input{Code: r.Code, Name: r.Name, Type: Type(r.Type), ParentCode: r.ParentCode}); err != nil {
				var ve *valid.Errors
				if errors.As(err, &ve) {
					out := &valid.Errors{}
					for _, p := range ve.Problems {
						out.AddLine(r.Line, importField(p.Field), p.Message)
					}
					return out
				}
				return fmt.Errorf("import line %d: %w", r.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	res.Created = len(ordered)
	return res, nil
}

// parentsFirst orders rows so that every parent comes before its children;
// rows caught in a cycle are returned separately.
func parentsFirst(rows []ImportRow, existing map[string]Unit) (ordered, cyclic []ImportRow) {
	pending := map[string]ImportRow{}
	for _, r := range rows {
		pending[r.Code] = r
	}
	done := map[string]bool{}
	for progress := true; progress && len(pending) > 0; {
		progress = false
		for _, r := range rows {
			if _, ok := pending[r.Code]; !ok {
				continue
			}
			_, inDB := existing[r.ParentCode]
			_, waiting := pending[r.ParentCode]
			if r.ParentCode == "" || inDB || done[r.ParentCode] || !waiting {
				ordered = append(ordered, r)
				done[r.Code] = true
				delete(pending, r.Code)
				progress = true
			}
		}
	}
	for _, r := range rows {
		if _, ok := pending[r.Code]; ok {
			cyclic = append(cyclic, r)
		}
	}
	return ordered, cyclic
}

func importField(f string) string {
	switch f {
	case "code":
		return "单位编码"
	case "name":
		return "单位名称"
	case "type":
		return "单位类型"
	case "parent":
		return "上级单位编码"
	}
	return f
}

func sortProblems(e *valid.Errors) {
	p := e.Problems
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].Line < p[j-1].Line; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}
