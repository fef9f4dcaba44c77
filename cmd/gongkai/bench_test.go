package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The benchmark command on a tiny database: the output's shape, not the
// figures (the 1M run is recorded in docs/PERFORMANCE.md).
func TestBenchPortal(t *testing.T) {
	if testing.Short() {
		t.Skip("short: the benchmark runs for a few seconds")
	}
	dir := filepath.Join(t.TempDir(), "data")
	args := []string{"bench", "portal", "--docs", "60", "--duration", "1s", "--warmup", "100ms", "--concurrency", "4", "--data-dir", dir}
	out, errs, code := gk(t, "", args...)
	if code != exitOK && code != exitFail {
		t.Fatalf("bench: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, want := range []string{"门户性能基准", "60 件文件", "基线", "文件页 (document page)", "栏目列表页 (column listing)",
		"p99 ms", "req/s", "对基线", "/units/", "目标 (targets)", "结论 (verdict)", "同一进程"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "PASS") && !strings.Contains(out, "FAIL") {
		t.Errorf("bench output has no verdict:\n%s", out)
	}
	if (code == exitOK) != strings.Contains(out, "结论 (verdict): PASS") {
		t.Errorf("exit %d does not match the verdict:\n%s", code, out)
	}

	// --reuse keeps the database; --json prints the report alone on stdout.
	out, errs, code = gk(t, "", append(args, "--reuse", "--json")...)
	if code != exitOK && code != exitFail {
		t.Fatalf("bench --reuse --json: exit %d\nstderr: %s", code, errs)
	}
	if !strings.Contains(errs, "复用") {
		t.Errorf("--reuse did not reuse the database:\n%s", errs)
	}
	var rep benchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if rep.Documents != 60 || rep.Concurrency != 4 || rep.LoadSeconds != 0 || len(rep.Results) != 3 || rep.PageBytes < 64 {
		t.Errorf("report = %+v", rep)
	}
	for i, name := range []string{"baseline", "document", "listing"} {
		r := rep.Results[i]
		if r.Name != name || r.Requests == 0 || r.RPS <= 0 || r.P50 > r.P90 || r.P90 > r.P99 || r.P99 > r.Max {
			t.Errorf("result %d = %+v", i, r)
		}
	}
	if rep.Results[0].Errors != 0 || rep.Results[0].AvgBytes != rep.PageBytes {
		t.Errorf("baseline = %+v, page %d bytes", rep.Results[0], rep.PageBytes)
	}

	// Without --reuse, an explicit non-empty database is refused.
	_, errs, code = gk(t, "", "bench", "portal", "--docs", "60", "--duration", "1s", "--db", filepath.Join(dir, "bench-portal-60.db"))
	if code != exitFail || !strings.Contains(errs, "--reuse") {
		t.Errorf("bench on a non-empty --db: exit %d, %s", code, errs)
	}
}

func TestBenchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"bench"},
		{"bench", "search"},
		{"bench", "portal", "--concurrency", "0"},
		{"bench", "portal", "--duration", "0s"},
		{"bench", "portal", "--docs", "0"},
	} {
		_, errs, code := gk(t, "", args...)
		if code != exitUsage || errs == "" {
			t.Errorf("gongkai %q: exit %d, %s", args, code, errs)
		}
	}
}

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.9, 90 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}} {
		if got := percentile(lat, tc.p); got != tc.want {
			t.Errorf("percentile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := percentile(lat[:1], 0.99); got != time.Millisecond {
		t.Errorf("percentile of one = %v", got)
	}
}
