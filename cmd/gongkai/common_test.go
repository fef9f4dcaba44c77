package main

import (
	"flag"
	"reflect"
	"strings"
	"testing"
)

// A negative number among the arguments reaches the command, which judges
// it; it is not read as an unknown flag.
func TestParseArgsNegativeNumbers(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		pos     []string
		ext     string
		wantErr bool
	}{
		{[]string{"2025-09-19", "-1"}, []string{"2025-09-19", "-1"}, "", false},
		{[]string{"-1", "2025-09-19"}, []string{"-1", "2025-09-19"}, "", false},
		{[]string{"2025-09-19", "-2.5", "--ext", "3"}, []string{"2025-09-19", "-2.5"}, "3", false},
		{[]string{"--ext", "-1", "A"}, []string{"A"}, "-1", false}, // a flag's value stays the flag's
		{[]string{"A", "--", "-x"}, []string{"A", "-x"}, "", false},
		{[]string{"A", "-x"}, nil, "", true},
		{[]string{"A", "-inf"}, nil, "", true},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(new(strings.Builder))
		ext := fs.String("ext", "", "")
		pos, err := parseArgs(fs, tt.args)
		if (err != nil) != tt.wantErr || !reflect.DeepEqual(pos, tt.pos) || *ext != tt.ext {
			t.Errorf("%q: positional %q, --ext %q, err %v", tt.args, pos, *ext, err)
		}
	}
}

func TestWorkdaysAddNegative(t *testing.T) {
	stdout, stderr, code := gk(t, "", "workdays", "add", "2025-09-19", "-1")
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, "N 应为 0 至 10000 的整数") || strings.Contains(stderr, "flag provided") {
		t.Errorf("exit %d\nstdout: %q\nstderr: %s", code, stdout, stderr)
	}
}
