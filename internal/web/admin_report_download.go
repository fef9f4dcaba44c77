package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"

	"gongkai/internal/auth"
	"gongkai/internal/report"
)

// reportFormats are the downloads of a report and their media types.
var reportFormats = map[string]string{
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"html": "text/html; charset=utf-8",
}

// writeReport renders the whole report (sections 一 to 六) as format.
func writeReport(b *bytes.Buffer, f *report.Full, format string) error {
	switch format {
	case "xlsx":
		return report.WriteXLSX(b, f.Annual)
	case "docx":
		return report.WriteDOCXFull(b, f)
	}
	return report.WriteHTMLFull(b, f)
}

// sendReportFile answers with the report file.
func sendReportFile(w http.ResponseWriter, f *report.Full, format string, b []byte) {
	name := f.Title() + "." + format
	w.Header().Set("Content-Type", reportFormats[format])
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(name)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// adminReportDownload sends the report as XLSX (the tables), DOCX or HTML
// (the whole report).
func (s *Server) adminReportDownload(w http.ResponseWriter, r *http.Request) {
	u, year, ok := s.loadAdminReport(w, r, auth.ActReportView)
	if !ok {
		return
	}
	format := r.PathValue("format")
	if _, ok := reportFormats[format]; !ok {
		s.notFound(w, r)
		return
	}
	sub := reportSub(r)
	if has, err := s.hasSubunits(r, u); err != nil || !has {
		sub = false
	}
	f, err := s.reports().Full(r.Context(), u.Code, year, sub)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := writeReport(&b, f, format); err != nil {
		s.serverError(w, r, err)
		return
	}
	sendReportFile(w, f, format, b.Bytes())
}
