package safehtml

import (
	"golang.org/x/net/html"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	cases := []struct{ in, want, not string }{
		{`<p>正文<script>alert(1)</script></p>`, `<p>正文</p>`, "script"},
		{`<img src=x onerror=alert(1)>`, ``, "onerror"},
		{`<a href="javascript:alert(1)">点我</a>`, `点我`, "javascript"},
		{`<p onclick="x()" style="color:red">文字</p>`, `<p>文字</p>`, "onclick"},
		{`<iframe src="https://evil.example"></iframe>`, ``, "iframe"},
		{`<img src="https://tracker.example/a.png" alt="外部">`, ``, "tracker"},
		{`<img src="/attachments/3/a.png" alt="附图">`, `<img src="/attachments/3/a.png" alt="附图">`, ""},
		{`<a href="https://www.gov.cn/">中国政府网</a>`, `href="https://www.gov.cn/"`, ""},
		{`<table><tr><td colspan="2">合计</td></tr></table>`, `<td colspan="2">合计</td>`, ""},
		{`<svg><script>alert(1)</script></svg>`, ``, "script"},
		{`<form action="/x"><input name=a></form>`, ``, "form"},
	}
	for _, c := range cases {
		got := Clean(c.in)
		if !strings.Contains(got, c.want) || (c.not != "" && strings.Contains(got, c.not)) {
			t.Errorf("Clean(%q) = %q, want it to contain %q and not %q", c.in, got, c.want, c.not)
		}
	}
	if got := Text(`<p>一、<b>总则</b></p>`); got != "一、总则" {
		t.Errorf("Text = %q", got)
	}
}

// FuzzClean parses what Clean returns, as a browser would, and fails on any
// script-capable element, event-handler attribute or javascript: URL.
func FuzzClean(f *testing.F) {
	f.Add(`<p>正文<script>alert(1)</script></p>`)
	f.Add(`<a href="javascript:x">`)
	f.Add(`<img src="/a.png" onerror="x">`)
	f.Fuzz(func(t *testing.T, in string) {
		out := Clean(in)
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "form", "svg", "math", "base", "meta", "link":
				t.Fatalf("Clean(%q) kept <%s>: %q", in, tok.Data, out)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") {
					t.Fatalf("Clean(%q) kept %s=%q: %q", in, a.Key, a.Val, out)
				}
			}
		}
	})
}
