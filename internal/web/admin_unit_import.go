package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/valid"
)

// maxImportBytes bounds a unit import upload (a county's units fit in a few
// kilobytes; a province's in a few megabytes).
const maxImportBytes = 10 << 20

// importParser picks the parser for a file format ("csv" or "xlsx").
func importParser(format string) (func(io.Reader) ([]org.ImportRow, error), bool) {
	switch format {
	case "csv":
		return org.ParseCSV, true
	case "xlsx":
		return org.ParseXLSX, true
	}
	return nil, false
}

// canImportUnits reports whether the current user may create units
// anywhere, which is what the import page and API require before reading a
// file; each row is then checked by importUnits.
func (s *Server) canImportUnits(r *http.Request) (bool, error) {
	if s.countyWide(r, auth.ActUnitCreate) {
		return true, nil
	}
	units, err := s.unitsFor(r, auth.ActUnitCreate)
	return len(units) > 0, err
}

// importUnits imports rows after checking that the current user may create
// every row's unit where it would go: under the existing unit it names as
// parent, or, when the parent is another row, under the existing unit that
// row's chain of parents ends at. Rows without a parent need the county-wide
// permission. Permission problems are reported per line like validation
// problems, and then nothing is imported.
func (s *Server) importUnits(r *http.Request, rows []org.ImportRow) (org.ImportResult, error) {
	ctx := r.Context()
	existing, err := s.orgs.List(ctx, org.Filter{IncludeInactive: true})
	if err != nil {
		return org.ImportResult{}, err
	}
	byCode := make(map[string]org.Unit, len(existing))
	for _, u := range existing {
		byCode[u.Code] = u
	}
	inFile := map[string]org.ImportRow{}
	for _, row := range rows {
		if _, dup := inFile[row.Code]; !dup {
			inFile[row.Code] = row
		}
	}
	rootOK := s.countyWide(r, auth.ActUnitCreate)
	e := &valid.Errors{}
	for _, row := range rows {
		anchor, top, ok := importAnchor(row, byCode, inFile)
		switch {
		case !ok:
			// An unknown parent or a cycle: Import reports it.
		case top && !rootOK:
			e.AddLine(row.Line, "上级单位编码", "无权导入顶级单位（没有上级单位的单位），请填写上级单位编码")
		case !top && !s.can(r, auth.ActUnitCreate, anchor):
			e.AddLine(row.Line, "上级单位编码", fmt.Sprintf("无权在“%s”（%s）下新建单位：只能导入到您有权管理的单位之下", anchor.Name, anchor.Code))
		}
	}
	if err := e.Err(); err != nil {
		return org.ImportResult{}, err
	}
	return s.orgs.Import(ctx, s.actor(r), rows)
}

// importAnchor follows row's parents through the file to the existing unit
// the row will end up under. top means the chain ends without a parent; ok
// is false when it ends at an unknown code or loops.
func importAnchor(row org.ImportRow, existing map[string]org.Unit, inFile map[string]org.ImportRow) (anchor org.Unit, top, ok bool) {
	seen := map[string]bool{row.Code: true}
	for p := row.ParentCode; ; {
		if p == "" {
			return org.Unit{}, true, true
		}
		if u, found := existing[p]; found {
			return u, false, true
		}
		next, found := inFile[p]
		if !found || seen[p] {
			return org.Unit{}, false, false
		}
		seen[p] = true
		p = next.ParentCode
	}
}

// tooLargeMessage explains a body over limit bytes.
func tooLargeMessage(limit int64) string {
	size := fmt.Sprintf("%d 字节", limit)
	if limit >= 1<<20 && limit%(1<<20) == 0 {
		size = fmt.Sprintf("%d MiB", limit>>20)
	}
	return "请求体过大：上传的内容不能超过 " + size + "。请把文件拆成几个较小的文件分批导入。"
}

// adminUnitImportPage explains the import format and offers the upload form.
func (s *Server) adminUnitImportPage(w http.ResponseWriter, r *http.Request) {
	s.renderUnitImport(w, r, http.StatusOK, nil)
}

func (s *Server) renderUnitImport(w http.ResponseWriter, r *http.Request, status int, errs *valid.Errors) {
	ok, err := s.canImportUnits(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		s.forbidden(w, r)
		return
	}
	p := s.page(r, "导入单位")
	p.Section = "units"
	p.Errors = errs
	p.Data = struct {
		RootOK  bool
		MaxMiB  int
		OwnUnit string
	}{s.countyWide(r, auth.ActUnitCreate), maxImportBytes >> 20, currentUser(r).UnitName}
	s.render(w, r, status, "admin_unit_import", p)
}

// adminUnitImportTemplate downloads a CSV to fill in: the header and two
// example rows under the user's own unit, the second under the first (a
// parent may be another row). UTF-8 with a BOM, so Excel opens it right.
func (s *Server) adminUnitImportTemplate(w http.ResponseWriter, r *http.Request) {
	ok, err := s.canImportUnits(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		s.forbidden(w, r)
		return
	}
	own := currentUser(r).UnitCode
	first, second := own+"-01", own+"-01-01"
	if len(second) > 40 { // longest unit code
		first, second = "EXAMPLE-01", "EXAMPLE-01-01"
	}
	var b bytes.Buffer
	b.WriteString("\ufeff单位编码,单位名称,单位类型,上级单位编码\r\n")
	fmt.Fprintf(&b, "%s,示例单位（请改为实际名称）,%s,%s\r\n", first, org.TypeOther.Label(), own)
	fmt.Fprintf(&b, "%s,示例下级单位（请改为实际名称）,%s,%s\r\n", second, org.TypeOther.Label(), first)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="units-template.csv"; filename*=UTF-8''%E5%8D%95%E4%BD%8D%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.csv`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

// adminUnitImport imports the uploaded CSV or XLSX file. Any problem (in
// the file or a missing permission) shows the page again with every problem
// by line, and nothing is imported.
func (s *Server) adminUnitImport(w http.ResponseWriter, r *http.Request) {
	ok, err := s.canImportUnits(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		s.forbidden(w, r)
		return
	}
	// The CSRF check has usually parsed the form already (under the
	// server-wide body limit); when the token came in a header it has not,
	// and the upload limit applies here.
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes)
	if err := r.ParseMultipartForm(maxImportBytes); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(mbe.Limit))
			return
		}
		s.renderUnitImport(w, r, http.StatusBadRequest, fileProblem("请用页面上的表单上传文件"))
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.renderUnitImport(w, r, http.StatusUnprocessableEntity, fileProblem("请选择要导入的 CSV 或 XLSX 文件"))
		return
	}
	defer f.Close()
	parse, ok := importParser(strings.TrimPrefix(strings.ToLower(filepath.Ext(hdr.Filename)), "."))
	if !ok {
		s.renderUnitImport(w, r, http.StatusUnprocessableEntity,
			fileProblem(fmt.Sprintf("不支持的文件类型“%s”：请上传 .csv 或 .xlsx 文件", filepath.Ext(hdr.Filename))))
		return
	}
	rows, err := parse(f)
	var res org.ImportResult
	if err == nil {
		res, err = s.importUnits(r, rows)
	}
	if ve, ok := asValid(err); ok {
		s.renderUnitImport(w, r, http.StatusUnprocessableEntity, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/units", fmt.Sprintf("导入完成：新建 %d 个单位，%d 个已存在且相同", res.Created, res.Unchanged))
}

// fileProblem is a single problem with the uploaded file as a whole.
func fileProblem(msg string) *valid.Errors {
	e := &valid.Errors{}
	e.Add("文件", msg)
	return e
}
