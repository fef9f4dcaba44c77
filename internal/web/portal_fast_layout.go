package web

import (
	"bytes"
)

// writeLayoutTop writes layout.html for a portal page (not the back
// office's) up to where the template "content" goes; writeLayoutBottom
// writes the rest. Together they are layout.html with Admin false.
func writeLayoutTop(b *bytes.Buffer, p *Page) {
	b.WriteString("<!doctype html>\n<html lang=\"zh-CN\"")
	if p.Elderly {
		b.WriteString(` class="elderly"`)
	}
	b.WriteString(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	esc(b, p.Title)
	b.WriteString(" - ")
	esc(b, p.SiteName)
	b.WriteString("</title>\n")
	b.WriteString(layoutAssets.head)
	if p.Feed != "" {
		b.WriteString(`<link rel="alternate" type="application/atom+xml" title="订阅：`)
		esc(b, p.Title)
		b.WriteString(`" href="`)
		escURL(b, p.Feed)
		b.WriteString(`">`)
	}
	if p.NoIndex {
		b.WriteString(`<meta name="robots" content="noindex">`)
	}
	b.WriteString(layoutAssets.script)
	b.WriteString("</head>\n<body class=\"")
	if p.Elderly {
		b.WriteString("elderly")
	}
	b.WriteString(`">
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="/">
      <span class="brand-emblem" aria-hidden="true">公</span>
      <span class="brand-text">`)
	esc(b, p.SiteName)
	b.WriteString(`<small>政府信息公开</small></span>
    </a>
    <div class="header-tools">
      <form class="header-search" role="search" method="get" action="/search">
        <label for="site-q" class="visually-hidden">搜索公开信息</label>
        <input id="site-q" type="search" name="q" value="`)
	esc(b, p.SearchQ)
	b.WriteString(`" placeholder="搜索公开信息" maxlength="1000">
        <button type="submit" class="tool-button">搜索</button>
      </form>
      <form method="post" action="/prefs/elderly" class="inline">
        <input type="hidden" name="csrf_token" value="`)
	esc(b, p.CSRF)
	b.WriteString(`">
        <input type="hidden" name="return" value="`)
	esc(b, p.Path)
	if p.Elderly {
		b.WriteString(`">
        <input type="hidden" name="on" value="0">
        <button type="submit" class="tool-button" id="elderly-toggle" aria-pressed="true">退出适老化</button>
      </form>
      `)
	} else {
		b.WriteString(`">
        <input type="hidden" name="on" value="1">
        <button type="submit" class="tool-button" id="elderly-toggle" aria-pressed="false">适老化模式</button>
      </form>
      `)
	}
	if u := p.User; u != nil {
		b.WriteString("\n        <span class=\"whoami\">")
		esc(b, u.Name)
		b.WriteString("<small>")
		esc(b, u.Role.Label())
		b.WriteString(" · ")
		esc(b, u.UnitName)
		b.WriteString(`</small></span>
        <a class="tool-button" href="/admin/">管理后台</a>
        <form method="post" action="/admin/logout" class="inline">
          <input type="hidden" name="csrf_token" value="`)
		esc(b, p.CSRF)
		b.WriteString(`">
          <button type="submit" class="tool-button">退出登录</button>
        </form>
      `)
	} else {
		b.WriteString("\n        <a class=\"tool-button\" href=\"/admin/login\">工作人员登录</a>\n      ")
	}
	b.WriteString(`
    </div>
  </div>
  <nav class="main-nav" aria-label="主导航">
    <div class="wrap">
<ul>
  <li><a href="/"`)
	if p.Path == "/" {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteString(">首页</a></li>\n  <li><a href=\"/units\"")
	if p.Section == "units" {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteString(">机构设置</a></li>\n  <li><a href=\"/gk\"")
	if p.Section == "gk" {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteString(`>政府信息公开</a></li>
</ul>
</div>
  </nav>
</header>
<main id="main" class="wrap" tabindex="-1">
  `)
	if p.Flash != "" {
		b.WriteString(`<div class="flash" role="status">`)
		esc(b, p.Flash)
		b.WriteString(`</div>`)
	}
	b.WriteString("\n  ")
}

func writeLayoutBottom(b *bytes.Buffer, p *Page) {
	b.WriteString(`
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>主办：`)
	esc(b, p.SiteName)
	b.WriteString(`　<a href="/units">机构设置</a></p>
    <p class="muted">本网站由 Gongkai 政务公开平台提供支持 · 无需外网即可使用</p>
  </div>
</footer>
</body>
</html>
`)
}

// layoutAssets are the head's links to static files, with their hashes.
var layoutAssets = func() (a struct{ head, script string }) {
	var b bytes.Buffer
	b.WriteString(`<link rel="stylesheet" href="`)
	escURL(&b, assetURL("site.css"))
	b.WriteString("\">\n<link rel=\"icon\" href=\"")
	escURL(&b, assetURL("favicon.svg"))
	b.WriteString("\" type=\"image/svg+xml\">\n")
	a.head = b.String()
	b.Reset()
	b.WriteString("\n<script src=\"")
	escURL(&b, assetURL("app.js"))
	b.WriteString("\" defer></script>\n")
	a.script = b.String()
	return a
}()
