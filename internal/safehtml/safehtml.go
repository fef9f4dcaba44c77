// Package safehtml cleans HTML that staff write (document bodies, the
// 公开指南 and 公开制度 pages) before it is stored and shown to the public:
// structure, tables and links stay; script, event handlers, styles, frames,
// forms and foreign images go. A script in a body is removed, never run.
package safehtml

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

var (
	once   sync.Once
	policy *bluemonday.Policy
)

// attachmentSrc: images may only come from this site (attachments), so a
// page never loads anything from outside (the portal works without internet,
// and an outside image would tell a third party who reads what).
var localURL = regexp.MustCompile(`^/[^/\\]`)

func build() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
		"blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd", "span", "div",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("colspan", "rowspan", "scope").OnElements("th", "td")
	p.AllowAttrs("start", "type").OnElements("ol")
	p.AllowAttrs("src").Matching(localURL).OnElements("img")
	p.AllowAttrs("alt", "title", "width", "height").OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(align-(left|center|right)|indent)$`)).OnElements("p", "div", "span", "td", "th")
	return p
}

// Clean returns html with everything unsafe removed.
func Clean(html string) string {
	once.Do(func() { policy = build() })
	return policy.Sanitize(html)
}

// Text is html with every tag removed, for summaries, feeds and the scanner.
func Text(html string) string {
	return bluemonday.StrictPolicy().Sanitize(html)
}
