package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminReqImportPage is what admin_request_import.html shows.
type adminReqImportPage struct {
	Units   []org.Unit
	MaxMiB  int
	Preview *adminReqImportPreview
}

// adminReqImportPreview is a dry run's result, with the rows to import.
type adminReqImportPreview struct {
	File   string
	Unit   org.Unit
	Rows   int
	Result request.ImportResult
}

// adminRequestImportPage offers the upload of a historic ledger.
func (s *Server) adminRequestImportPage(w http.ResponseWriter, r *http.Request) {
	s.renderRequestImport(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRequestImport(w http.ResponseWriter, r *http.Request, status int, errs *valid.Errors, pv *adminReqImportPreview) {
	units, ok := s.adminUnitsFor(w, r, auth.ActRequestImport)
	if !ok {
		return
	}
	p := s.page(r, "导入台账")
	p.Section = "requests"
	p.Errors = errs
	if r.Method == http.MethodPost {
		p.Form = r.PostForm
	}
	p.Data = adminReqImportPage{Units: units, MaxMiB: maxImportBytes >> 20, Preview: pv}
	s.render(w, r, status, "admin_request_import", p)
}

// adminRequestImport reads the uploaded ledger (CSV or XLSX) for a unit.
// With "preview" it is a dry run: the counts it would give and every bad
// row; otherwise it imports, all rows or none.
func (s *Server) adminRequestImport(w http.ResponseWriter, r *http.Request) {
	units, ok := s.adminUnitsFor(w, r, auth.ActRequestImport)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBytes)
	if err := r.ParseMultipartForm(maxImportBytes); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(mbe.Limit))
			return
		}
		s.renderRequestImport(w, r, http.StatusBadRequest, fileProblem("请用页面上的表单上传文件"), nil)
		return
	}
	e := &valid.Errors{}
	uid, _ := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	unit, found := unitIn(units, uid)
	if !found {
		e.Add("unit_id", "请选择您有权导入的单位")
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		e.Add("文件", "请选择要导入的 CSV 或 XLSX 文件")
	}
	if e.Err() != nil {
		s.renderRequestImport(w, r, http.StatusUnprocessableEntity, e, nil)
		return
	}
	defer f.Close()
	ext := strings.ToLower(filepath.Ext(hdr.Filename))
	if ext != ".csv" && ext != ".xlsx" {
		s.renderRequestImport(w, r, http.StatusUnprocessableEntity,
			fileProblem(fmt.Sprintf("不支持的文件类型“%s”：请上传 .csv 或 .xlsx 文件", ext)), nil)
		return
	}
	data, err := io.ReadAll(f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows, err := request.ParseLedgerAsOf(hdr.Filename, data, s.reqs.Today())
	dry := r.PostFormValue("preview") != ""
	var res request.ImportResult
	if err == nil {
		// Always a dry run first: nothing is written unless every row is good.
		res, err = s.reqs.ImportLedger(r.Context(), s.actor(r), unit.ID, rows, true, nil)
		if err == nil && !dry {
			res, err = s.reqs.ImportLedger(r.Context(), s.actor(r), unit.ID, rows, false, nil)
		}
	}
	if ve, ok := asValid(err); ok {
		s.renderRequestImport(w, r, http.StatusUnprocessableEntity, ve, nil)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if dry {
		s.renderRequestImport(w, r, http.StatusOK, nil, &adminReqImportPreview{File: hdr.Filename, Unit: unit, Rows: len(rows), Result: res})
		return
	}
	s.redirect(w, r, "/admin/requests/ledger?unit="+strconv.FormatInt(unit.ID, 10),
		fmt.Sprintf("导入完成：新增 %d 条，更新 %d 条，%d 条已存在且相同。", res.Created, res.Updated, res.Unchanged))
}
