package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listeningRE = regexp.MustCompile(`正在监听 (http://\S+)`)

// server is a running "gongkai serve".
type server struct {
	base     string
	out, err *syncBuffer
	stop     func() int // stops the server and returns its exit status
}

func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{out: &syncBuffer{}, err: &syncBuffer{}}
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), s.out, s.err)
	}()
	var once sync.Once
	code := -1
	s.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Errorf("serve did not stop")
			}
		})
		return code
	}
	t.Cleanup(func() { s.stop() })
	// A readiness bound, not a speed test: under -race beside the rest of
	// the suite on 2 cores, --demo loading 5,000 documents and the
	// applications took over a minute.
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		if m := listeningRE.FindStringSubmatch(s.out.String()); m != nil {
			s.base = m[1]
			return s
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d\nstdout: %s\nstderr: %s", code, s.out, s.err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start\nstdout: %s\nstderr: %s", s.out, s.err)
	return nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var setupRE = regexp.MustCompile(`首次使用：请在浏览器打开 (http://\S+/setup/\S+) 创建系统管理员`)

func TestServe(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		s := startServe(t, tg.flags...)
		m := setupRE.FindStringSubmatch(s.out.String())
		if m == nil {
			t.Fatalf("no setup link:\n%s", s.out)
		}
		if !strings.HasPrefix(m[1], s.base+"/setup/") {
			t.Errorf("setup link %s does not point at %s", m[1], s.base)
		}
		if code, _ := get(t, s.base+"/healthz"); code != http.StatusOK {
			t.Errorf("healthz: %d", code)
		}
		if code, body := get(t, m[1]); code != http.StatusOK {
			t.Errorf("setup page: %d\n%s", code, body)
		}
		if code := s.stop(); code != 0 {
			t.Errorf("serve exit %d\nstderr: %s", code, s.err)
		}
		if !strings.Contains(s.err.String(), "listening") || !strings.Contains(s.err.String(), "stopped") {
			t.Errorf("log:\n%s", s.err)
		}
	})
}

func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(envLogFormat, "json")
	s := startServe(t, "--demo", "--data-dir", dir)
	out := s.out.String()
	if !strings.Contains(out, "edu.editor") || !strings.Contains(out, "Qingshan@2026") || strings.Contains(out, "/setup/") {
		t.Errorf("serve --demo output:\n%s", out)
	}
	if code, _ := get(t, s.base+"/"); code != http.StatusOK {
		t.Errorf("portal home: %d", code)
	}
	if !strings.Contains(s.err.String(), `"msg":"listening"`) {
		t.Errorf("GONGKAI_LOG_FORMAT=json did not give JSON logs:\n%s", s.err)
	}
	s.stop()

	// Again: the demo is not loaded twice, and there are users, so no setup link.
	s = startServe(t, "--demo", "--data-dir", dir)
	if out := s.out.String(); !strings.Contains(out, "不载入演示数据") || strings.Contains(out, "/setup/") {
		t.Errorf("second serve --demo output:\n%s", out)
	}
}

func TestServeFailures(t *testing.T) {
	dir := t.TempDir()
	if _, errs, code := gk(t, "", "serve", "--data-dir", dir, "--tz", "Mars/Olympus"); code != 2 || !strings.Contains(errs, "时区") {
		t.Errorf("bad --tz: exit %d, %s", code, errs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, errs, code := gk(t, "", "serve", "--data-dir", dir, "--addr", ln.Addr().String()); code != 1 || !strings.Contains(errs, "无法监听") {
		t.Errorf("address in use: exit %d, %s", code, errs)
	}
}

func TestBrowserAddr(t *testing.T) {
	addr := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	for req, want := range map[string]string{
		"127.0.0.1:0":     "127.0.0.1:8080",
		":8080":           "127.0.0.1:8080",
		"0.0.0.0:8080":    "127.0.0.1:8080",
		"[::]:8080":       "127.0.0.1:8080",
		"gk.example:8080": "gk.example:8080",
	} {
		if got := browserAddr(req, addr); got != want {
			t.Errorf("browserAddr(%q) = %q, want %q", req, got, want)
		}
	}
}
