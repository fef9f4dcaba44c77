package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"

	"gongkai/internal/auth"
)

// apiImportResult is the answer of POST /api/v1/units/import.
type apiImportResult struct {
	Created   int `json:"created"`
	Unchanged int `json:"unchanged"` // already present with the same name, type and parent
}

const xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// importFormat is ?format=, or else the format the Content-Type names.
func importFormat(r *http.Request) (string, bool) {
	if f := r.URL.Query().Get("format"); f != "" {
		_, ok := importParser(f)
		return f, ok
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "text/csv":
		return "csv", true
	case xlsxMediaType:
		return "xlsx", true
	}
	return "", false
}

// apiUnitImport imports units from the raw CSV or XLSX file in the body,
// under the same rules as the back office: all rows or none, and each row
// only where the token's user may create units.
func (s *Server) apiUnitImport(w http.ResponseWriter, r *http.Request, _ *auth.User) {
	ok, err := s.canImportUnits(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !ok {
		apiForbidden(w)
		return
	}
	format, ok := importFormat(r)
	if !ok {
		apiBadRequest(w, "请求体应为导入文件：Content-Type 用 text/csv 或 "+xlsxMediaType+"，或在地址中加 ?format=csv 或 ?format=xlsx")
		return
	}
	parse, _ := importParser(format)
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxImportBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			apiError(w, http.StatusRequestEntityTooLarge, "too_large", tooLargeMessage(mbe.Limit))
			return
		}
		apiBadRequest(w, "无法读取请求体")
		return
	}
	rows, err := parse(bytes.NewReader(data))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	res, err := s.importUnits(r, rows)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiImportResult{Created: res.Created, Unchanged: res.Unchanged})
}
