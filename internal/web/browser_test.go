package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// chromiumPath finds Debian's chromium (or another Chrome); the test skips
// with a clear message when there is none, and fails in CI, which installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GONGKAI_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("GONGKAI_TEST_REQUIRE") != "" {
		t.Fatal("no chromium found and GONGKAI_TEST_REQUIRE is set: install Debian's chromium (apt-get install chromium)")
	}
	t.Skip("browser test skipped: no chromium on PATH (apt-get install chromium, or set GONGKAI_TEST_CHROMIUM)")
	return ""
}

// browser starts a headless chromium for the test. The machine has no
// internet: background networking, updates, sync and QUIC are off.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// step runs actions with a time limit so a broken page fails the test
// instead of hanging it.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		// Say where the browser is and what it shows, to see why.
		d, cancel2 := context.WithTimeout(ctx, 5*time.Second)
		defer cancel2()
		loc, _ := chromedp.Run(d, chromedp.Evaluate[string]("location.href"))
		text, _ := chromedp.Run(d, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
		t.Fatalf("%s: %v\nat %s, showing:\n%.1500s", what, err, loc, text)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// TestBrowserDemoLoginDashboardElderly: a person opens the demo county's
// portal, logs in with a demo account, sees the dashboard, and switches the
// 适老化 mode on, which persists across pages; on a phone-sized screen the
// portal does not scroll sideways.
func TestBrowserDemoLoginDashboardElderly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, demo.Options{Seed: 1, Out: io.Discard, AuthConfig: auth.TestConfig()}); err != nil {
			t.Fatalf("demo: %v", err)
		}
		srv, err := New(db, Config{Version: "test", Auth: auth.TestConfig(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		b := browser(t)

		step(t, b, "open portal", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#hero-title")))
		if title := eval[string](t, b, "document.title"); !strings.Contains(title, "青山县") {
			t.Errorf("portal title = %q", title)
		}
		// Keyboard users get a skip link as the first focusable element.
		step(t, b, "tab to skip link", chromedp.KeyEvent("\t"))
		if got := eval[string](t, b, "document.activeElement.textContent"); got != "跳到正文" {
			t.Errorf("first tab stop = %q, want the skip link", got)
		}

		step(t, b, "go to login",
			chromedp.Click(chromedp.CSS(`a[href="/admin/login"]`)),
			chromedp.WaitVisible(chromedp.CSS("#login")),
			chromedp.SendKeys(chromedp.CSS("#login"), "admin"),
			chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
			chromedp.Submit(chromedp.CSS("#password")),
			chromedp.WaitVisible(chromedp.CSS(".dash-head")),
		)
		body := eval[string](t, b, "document.body.innerText")
		if !strings.Contains(body, "工作台") || !strings.Contains(body, "系统管理员") {
			t.Fatalf("dashboard text: %.500s", body)
		}

		step(t, b, "switch 适老化 on",
			chromedp.Click(chromedp.CSS("#elderly-toggle")),
			chromedp.WaitVisible(chromedp.CSS("body.elderly")),
		)
		if fs := eval[string](t, b, "getComputedStyle(document.documentElement).fontSize"); fs != "21px" {
			t.Errorf("elderly font size = %s", fs)
		}
		step(t, b, "elderly persists on the portal",
			chromedp.Navigate(ts.URL+"/units"),
			chromedp.WaitVisible(chromedp.CSS("body.elderly")),
		)
		if pressed := eval[string](t, b, `document.getElementById("elderly-toggle").getAttribute("aria-pressed")`); pressed != "true" {
			t.Errorf("toggle aria-pressed = %s", pressed)
		}

		step(t, b, "phone-sized screen",
			chromedp.EmulateViewport(375, 740),
			chromedp.Navigate(ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS("#hero-title")),
		)
		if overflow := eval[bool](t, b, "document.documentElement.scrollWidth > window.innerWidth + 1"); overflow {
			t.Errorf("portal scrolls sideways on a 375px screen")
		}
		step(t, b, "switch 适老化 off",
			chromedp.Click(chromedp.CSS("#elderly-toggle")),
			chromedp.WaitReady(chromedp.CSS("body:not(.elderly)")),
		)
	})
}
