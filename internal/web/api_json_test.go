package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeJSON: whatever a client sends as a body, decoding either fills
// the target or returns a readable Chinese message — never a panic, never an
// empty message.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"code":"QS","name":"青山县","sort_order":3}`, `{}`, ``, `{"code":1}`, `{"x":1}`,
		`{"code":"a"} {"code":"b"}`, `[1,2]`, `{"name":"\u0000"}`, `{"code":"` + strings.Repeat("a", 300) + `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/units", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		var dst struct {
			Code      string  `json:"code"`
			Name      *string `json:"name"`
			SortOrder int     `json:"sort_order"`
			Active    *bool   `json:"active"`
		}
		err := decodeJSON(req, &dst)
		if err != nil && (err.Error() == "" || !utf8.ValidString(err.Error())) {
			t.Fatalf("bad error message %q for %q", err.Error(), body)
		}
	})
}

func TestDecodeJSONMessages(t *testing.T) {
	cases := map[string]string{
		``:                          "请求体为空",
		`{"nope":1}`:                "未知字段",
		`{"code":1}`:                "类型不对",
		`{"code":"a"} {"code":"b"}`: "多余内容",
		`{"code":`:                  "JSON 格式错误",
	}
	for body, want := range cases {
		req := httptest.NewRequest("POST", "/", strings.NewReader(body))
		var dst struct {
			Code string `json:"code"`
		}
		if err := decodeJSON(req, &dst); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", body, err, want)
		}
	}
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "text/plain")
	var dst struct{}
	if err := decodeJSON(req, &dst); err == nil || !strings.Contains(err.Error(), "Content-Type") {
		t.Errorf("wrong content type: %v", err)
	}
}
