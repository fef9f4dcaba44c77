package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestBrowserSearch: a citizen types everyday words in the header's search
// box, sees highlighted results, narrows them with a facet, and searches
// within a unit from its page.
func TestBrowserSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := searchFixture(t, db)
		b := browser(t)
		base := p.ts.URL

		step(t, b, "search from the header",
			chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(chromedp.CSS("#site-q")),
			chromedp.SendKeys(chromedp.CSS("#site-q"), "低保"),
			chromedp.Submit(chromedp.CSS("#site-q")),
			chromedp.WaitVisible(chromedp.CSS(".search-hits")),
		)
		summary := eval[string](t, b, `document.querySelector('.search-summary').textContent`)
		if !strings.Contains(summary, "找到 2 条结果") {
			t.Errorf("summary: %q", summary)
		}
		if n := eval[int](t, b, `document.querySelectorAll('.search-hits mark').length`); n == 0 {
			t.Errorf("no highlighted match")
		}
		if txt := eval[string](t, b, `document.querySelector('.search-hits').textContent`); strings.Contains(txt, "撤回的低保名单") {
			t.Errorf("a withdrawn document is a result")
		}

		step(t, b, "narrow by a facet",
			chromedp.Click(chromedp.CSS(`.search-facets a[href*="year="]`)),
			chromedp.WaitVisible(chromedp.CSS(".search-active")),
		)
		if txt := eval[string](t, b, `document.querySelector('.search-active').textContent`); !strings.Contains(txt, "年份") {
			t.Errorf("active filters: %q", txt)
		}

		step(t, b, "search within a unit",
			chromedp.Navigate(base+"/units/QS-EDU"),
			chromedp.WaitVisible(chromedp.CSS("#unit-q")),
			chromedp.SendKeys(chromedp.CSS("#unit-q"), "最低生活保障"),
			chromedp.Submit(chromedp.CSS("#unit-q")),
			chromedp.WaitVisible(chromedp.CSS(".search-summary")),
		)
		if h1 := eval[string](t, b, `document.querySelector('h1').textContent`); !strings.Contains(h1, "青山县教育局") {
			t.Errorf("unit search heading: %q", h1)
		}
		if n := eval[int](t, b, `document.querySelectorAll('.search-hits li').length`); n < 1 {
			t.Errorf("unit search: %d results", n)
		}
	})
}
