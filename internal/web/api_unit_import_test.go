package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// apiFile posts a raw file body to the API with a bearer token.
func (e *testEnv) apiFile(token, path, contentType string, body []byte) (*testResponse, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(b, &out)
	return &testResponse{Response: resp, Body: string(b)}, out
}

// problemLines are the line numbers of a 422 answer's problems.
func problemLines(out map[string]any) []int {
	var lines []int
	ps, _ := out["problems"].([]any)
	for _, p := range ps {
		if l, ok := p.(map[string]any)["line"].(float64); ok {
			lines = append(lines, int(l))
		}
	}
	return lines
}

func TestAPIUnitImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("sysadmin")
		const path = "/api/v1/units/import"
		good := []byte(importHeaderCSV + "QS-SW-1,第一所,other,QS-SW\nQS-SW,青山县商务局,政府部门,QS\n")

		r, out := e.apiFile(tok, path, "text/csv; charset=utf-8", good)
		wantStatus(t, r, http.StatusOK)
		if out["created"] != 2.0 || out["unchanged"] != 0.0 {
			t.Fatalf("first import: %s", r.Body)
		}
		if p := unitParent(t, e, "QS-SW-1"); p != "QS-SW" {
			t.Errorf("QS-SW-1 parent = %q", p)
		}
		r, out = e.apiFile(tok, path, "text/csv", good)
		wantStatus(t, r, http.StatusOK)
		if out["created"] != 0.0 || out["unchanged"] != 2.0 {
			t.Fatalf("second import: %s", r.Body)
		}

		// GBK CSV, and XLSX named by Content-Type or by ?format=.
		gbk, _ := simplifiedchinese.GBK.NewEncoder().String(importHeaderCSV + "QS-GBK,青山县林业局,政府部门,QS\n")
		r, out = e.apiFile(tok, path, "text/csv", []byte(gbk))
		wantStatus(t, r, http.StatusOK)
		x := xlsxFile(t, [][]string{{"code", "name", "type", "parent"}, {"QS-X1", "青山县水利局", "department", "QS"}})
		r, out = e.apiFile(tok, path, xlsxMediaType, x)
		wantStatus(t, r, http.StatusOK)
		if out["created"] != 1.0 {
			t.Errorf("xlsx: %s", r.Body)
		}
		x = xlsxFile(t, [][]string{{"code", "name", "type", "parent"}, {"QS-X2", "水利站", "other", "QS-X1"}})
		r, _ = e.apiFile(tok, path+"?format=xlsx", "application/octet-stream", x)
		wantStatus(t, r, http.StatusOK)
		if p := unitParent(t, e, "QS-X2"); p != "QS-X1" {
			t.Errorf("QS-X2 parent = %q", p)
		}

		// No format, an unknown format.
		r, out = e.apiFile(tok, path, "", good)
		wantStatus(t, r, http.StatusBadRequest, "text/csv", "format=")
		r, _ = e.apiFile(tok, path+"?format=json", "text/csv", good)
		wantStatus(t, r, http.StatusBadRequest)

		// A bad file: 422, every bad line, nothing imported.
		before := unitCount(t, e)
		r, out = e.apiFile(tok, path, "text/csv", []byte(importHeaderCSV+
			"QS-A,甲单位,department,QS\nQS-B,乙单位,不是类型,QS\nQS-C,,department,NOWHERE\n"))
		wantStatus(t, r, http.StatusUnprocessableEntity, `"field":"单位类型"`, `"field":"单位名称"`, "NOWHERE")
		if lines := problemLines(out); len(lines) != 3 || lines[0] != 3 || lines[1] != 4 || lines[2] != 4 {
			t.Errorf("problem lines %v: %s", lines, r.Body)
		}
		if n := unitCount(t, e); n != before {
			t.Fatalf("a bad file imported units: %d → %d", before, n)
		}

		// Over the limit: 413.
		big := append([]byte(importHeaderCSV), bytes.Repeat([]byte("QS-BIG,大,other,QS\n"), (11<<20)/20)...)
		r, out = e.apiFile(tok, path, "text/csv", big)
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "请求体过大")
		if out["error"] != "too_large" {
			t.Errorf("413 body %s", r.Body)
		}
	})
}

func TestAPIUnitImportPermissions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const path = "/api/v1/units/import"
		tok := e.token("eduadmin")
		r, out := e.apiFile(tok, path, "text/csv", []byte(importHeaderCSV+"QS-EDU-K1,青山县教育服务中心,其他,QS-EDU\n"))
		wantStatus(t, r, http.StatusOK)
		if out["created"] != 1.0 {
			t.Errorf("eduadmin import: %s", r.Body)
		}

		before := unitCount(t, e)
		r, out = e.apiFile(tok, path, "text/csv", []byte(importHeaderCSV+
			"QS-EDU-K3,青山县教研室,其他,QS-EDU\nQS-MZ-1,某救助站,其他,QS-MZ\n"))
		wantStatus(t, r, http.StatusUnprocessableEntity, `"field":"上级单位编码"`, "青山县民政局")
		if lines := problemLines(out); len(lines) != 1 || lines[0] != 3 {
			t.Errorf("problem lines %v: %s", lines, r.Body)
		}
		if n := unitCount(t, e); n != before {
			t.Fatalf("a refused file imported units: %d → %d", before, n)
		}

		r, out = e.apiFile(e.token("editor"), path, "text/csv", []byte(importHeaderCSV+"QS-EDU-Z,某单位,其他,QS-EDU\n"))
		wantStatus(t, r, http.StatusForbidden)
		if out["error"] != "forbidden" {
			t.Errorf("editor: %s", r.Body)
		}

		// A browser session cannot use the API.
		c := e.login("sysadmin")
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(importHeaderCSV))
		req.Header.Set("Content-Type", "text/csv")
		wantStatus(t, c.do(req), http.StatusUnauthorized)
	})
}

// The OpenAPI document describes the raw file body and the 413 answer.
func TestAPIUnitImportDocumented(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, doc := e.api("", "GET", "/api/v1/openapi.json", nil)
		paths, _ := doc["paths"].(map[string]any)
		item, _ := paths["/api/v1/units/import"].(map[string]any)
		op, _ := item["post"].(map[string]any)
		body, _ := op["requestBody"].(map[string]any)
		content, _ := body["content"].(map[string]any)
		for _, mt := range []string{"text/csv", xlsxMediaType} {
			m, _ := content[mt].(map[string]any)
			sch, _ := m["schema"].(map[string]any)
			if sch["type"] != "string" || sch["format"] != "binary" {
				t.Errorf("%s: schema %v", mt, m)
			}
		}
		resp, _ := op["responses"].(map[string]any)
		for _, code := range []string{"200", "400", "403", "413", "422"} {
			if resp[code] == nil {
				t.Errorf("response %s missing: %v", code, resp)
			}
		}
	})
}
